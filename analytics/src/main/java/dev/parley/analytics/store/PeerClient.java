package dev.parley.analytics.store;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.analytics.access.ApiKeyAccess;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Asks another analytics instance the request a caller asked this one: same path and query, the caller's own API
 * key (the other instance checks it again), and {@link StorePartitions#HEADER} saying which partitions to answer
 * from, which also keeps it from forwarding further. Its error answers (401, 403, 404, 503…) come back as they were;
 * an instance that does not answer is a 503, since the assignment moves its partitions elsewhere soon.
 */
@ApplicationScoped
public class PeerClient {
    private static final Logger LOG = Logger.getLogger(PeerClient.class);

    private final HttpClient http;
    private final ObjectMapper json;
    private final Duration timeout;
    private final MeterRegistry registry;

    public PeerClient(ObjectMapper json, MeterRegistry registry,
                      @ConfigProperty(name = "parley.peers.timeout", defaultValue = "5s") Duration timeout) {
        this.json = json;
        this.registry = registry;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    /** Why the request went to another instance, for the {@code parley.analytics.peer.requests} metric. */
    public enum Kind {
        /** The key's partition is active there. */
        KEY("key"),
        /** A read over every partition, asked of every instance. */
        FAN_OUT("fan-out");

        private final String tag;

        Kind(String tag) {
            this.tag = tag;
        }
    }

    /** The peer's answer to {@code request}, read at {@code partitions}, parsed as {@code type}. */
    public <T> CompletableFuture<T> get(HostInfo peer, QueryRequest request, StorePartitions partitions,
                                        JavaType type, Kind kind) {
        HttpRequest.Builder forwarded = HttpRequest.newBuilder(
                        URI.create("http://" + peer.host() + ":" + peer.port() + request.pathAndQuery()))
                .timeout(timeout)
                .header("Accept", MediaType.APPLICATION_JSON)
                .header(StorePartitions.HEADER, partitions.header())
                .GET();
        if (request.apiKey() != null) {
            forwarded.header(ApiKeyAccess.HEADER, request.apiKey());
        }
        return http.sendAsync(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, failure) -> {
                    if (failure != null) {
                        count(kind, "unreachable");
                        LOG.debugf("analytics instance %s did not answer: %s", peer, failure.toString());
                        throw unreachable(peer, failure);
                    }
                    if (response.statusCode() != 200) {
                        count(kind, "refused");
                        throw new WebApplicationException(relayed(response));
                    }
                    count(kind, "answered");
                    try {
                        return json.readValue(response.body(), type);
                    } catch (IOException e) {
                        throw new UncheckedIOException("unreadable answer from analytics instance " + peer, e);
                    }
                });
    }

    /** The result of a {@link #get}, or the exception that ends the caller's request. */
    public static <T> T await(CompletableFuture<T> answer) {
        try {
            return answer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw e;
        }
    }

    private static Response relayed(HttpResponse<byte[]> response) {
        Response.ResponseBuilder relayed = Response.status(response.statusCode())
                .type(response.headers().firstValue("Content-Type").orElse(MediaType.APPLICATION_JSON))
                .entity(response.body());
        response.headers().firstValue("Retry-After").ifPresent(value -> relayed.header("Retry-After", value));
        return relayed.build();
    }

    private static WebApplicationException unreachable(HostInfo peer, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return LocalStores.notReady("the analytics instance " + peer.host() + ":" + peer.port()
                + " that holds this data does not answer (" + cause.getClass().getSimpleName() + ")");
    }

    private void count(Kind kind, String outcome) {
        Counter.builder("parley.analytics.peer.requests")
                .description("Reads this instance asked of another analytics instance, by why and how they ended")
                .tag("kind", kind.tag)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }
}
