package dev.parley.dialogue.llm.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.dialogue.llm.LlmException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * POSTs a JSON body and streams the server-sent events of the answer, over the JDK HTTP client (no extra dependency,
 * non-blocking, and its body publisher honours cancellation). Cancelling the returned stream cancels the request
 * before the response arrives, or closes the response's body after (see {@link ResponseBody}), which closes the
 * connection: nothing keeps running for an interrupted turn. One client is shared by all tenants; it owns one selector
 * thread.
 */
public final class SseClient {

    /** An error body is a short JSON document; anything longer is cut. */
    static final int MAX_ERROR_BODY = 16 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;

    public SseClient(Duration connectTimeout) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    public Multi<SseEvent> post(URI uri, Map<String, String> headers, byte[] body) {
        return Multi.createFrom().deferred(() -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .header("Accept", "text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if ("http".equals(uri.getScheme())) {
                // Local servers (vLLM, llama.cpp, Ollama) speak HTTP/1.1; skip the h2c upgrade round.
                request.version(HttpClient.Version.HTTP_1_1);
            }
            headers.forEach(request::header);
            HttpRequest built = request.build();
            ResponseBody pending = new ResponseBody();
            return Uni.createFrom().<HttpResponse<Flow.Publisher<List<ByteBuffer>>>>emitter(em -> {
                CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> future =
                        client.sendAsync(built, pending);
                future.whenComplete((response, error) -> {
                    if (error != null) {
                        em.fail(new LlmException("cannot reach " + uri + ": " + rootMessage(error), error));
                    } else {
                        em.complete(response);
                    }
                });
                // cancel(true): since JDK 16 this aborts the exchange (cancel(false) only detaches the future).
                em.onTermination(() -> future.cancel(true));
            }).onItem().transformToMulti(response -> {
                Multi<List<ByteBuffer>> bytes = Multi.createFrom().publisher(pending.take());
                if (response.statusCode() / 100 != 2) {
                    return errorOf(response.statusCode(), bytes);
                }
                SseDecoder decoder = new SseDecoder();
                return bytes.onItem().transformToIterable(decoder::feed)
                        .onFailure(e -> !(e instanceof LlmException)).transform(e -> new LlmException(
                                "connection to " + uri + " broke: " + rootMessage(e), e));
            }).onCancellation().invoke(pending::close);
        });
    }

    private static Multi<SseEvent> errorOf(int status, Multi<List<ByteBuffer>> bytes) {
        return bytes.collect().in(ByteArrayOutputStream::new, (out, buffers) -> {
            for (ByteBuffer b : buffers) {
                byte[] chunk = new byte[Math.min(b.remaining(), Math.max(0, MAX_ERROR_BODY - out.size()))];
                b.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }).onItem().transformToMulti(out -> Multi.createFrom().failure(
                new LlmException(status, "HTTP " + status + ": " + errorMessage(out.toString(StandardCharsets.UTF_8)))));
    }

    /** OpenAI and Anthropic both put a readable message at {@code error.message}; otherwise the raw body is shown. */
    public static String errorMessage(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode error = root == null ? null : root.path("error");
            if (error != null && error.hasNonNull("message")) {
                String type = error.path("type").asText("");
                return (type.isEmpty() ? "" : type + ": ") + error.path("message").asText();
            }
        } catch (IOException e) {
            // Not JSON (a proxy's HTML page, say): the body itself is the best description.
        }
        return body.strip();
    }

    private static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " " + t.getMessage());
    }
}
