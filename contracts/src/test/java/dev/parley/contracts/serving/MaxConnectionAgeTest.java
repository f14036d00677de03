package dev.parley.contracts.serving;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real Vert.x HTTP/2 server and client: a gRPC request on a connection past its age draws a GOAWAY, once. */
class MaxConnectionAgeTest {
    final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aGrpcRequestOnAnAgedConnectionGetsGoAwayAndIsStillServed() throws Exception {
        int port = serve(Optional.of(Duration.ofMillis(400)));
        CountDownLatch goAway = new CountDownLatch(1);
        AtomicInteger goAways = new AtomicInteger();
        HttpClient client = vertx.httpClientBuilder()
                .with(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false))
                .withConnectHandler(c -> c.goAwayHandler(g -> {
                    goAways.incrementAndGet();
                    goAway.countDown();
                }))
                .build();
        assertEquals(200, status(client, port, "application/grpc"));
        assertEquals(200, status(client, port, "text/plain"));
        Thread.sleep(600);
        assertEquals(200, status(client, port, "text/plain"));
        assertEquals(0, goAways.get(), "only gRPC requests age a connection out");
        assertEquals(200, status(client, port, "application/grpc"), "the request that found it old is served");
        assertTrue(goAway.await(5, TimeUnit.SECONDS), "the client was told to go away");
        assertEquals(200, statusRetryingRefused(client, port), "and connects anew for the next one");
        Thread.sleep(200);
        assertEquals(1, goAways.get(), "one GOAWAY per old connection");
    }

    @Test
    void unsetItDoesNothing() throws Exception {
        int port = serve(Optional.empty());
        AtomicInteger goAways = new AtomicInteger();
        HttpClient client = vertx.httpClientBuilder()
                .with(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false))
                .withConnectHandler(c -> c.goAwayHandler(g -> goAways.incrementAndGet()))
                .build();
        assertEquals(200, status(client, port, "application/grpc"));
        Thread.sleep(300);
        assertEquals(200, status(client, port, "application/grpc"));
        Thread.sleep(200);
        assertEquals(0, goAways.get());
    }

    private int serve(Optional<Duration> age) throws Exception {
        Router router = Router.router(vertx);
        new MaxConnectionAge(age, Duration.ofSeconds(5)).install(router);
        router.route().handler(rc -> rc.response().end("ok"));
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(true))
                .requestHandler(router);
        return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .actualPort();
    }

    /**
     * A request the client sent on the going-away connection before its pool let go of it is refused (its stream id
     * is past the GOAWAY's last one) and, as gRPC clients do transparently, sent again.
     */
    private static int statusRetryingRefused(HttpClient client, int port) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return status(client, port, "application/grpc");
            } catch (ExecutionException e) {
                if (attempt == 3 || !String.valueOf(e.getCause()).contains("Last-Stream-ID")) {
                    throw e;
                }
            }
        }
    }

    private static int status(HttpClient client, int port, String contentType) throws Exception {
        return client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                        .setURI("/x").putHeader("content-type", contentType))
                .compose(r -> r.send("hi"))
                .map(r -> r.statusCode())
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
