package dev.parley.gateway.transport.twilio;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A media stream the gateway opens to itself at warm-up, signed as Twilio signs: the handshake and its signature
 * check, the endpoint's first message ({@code connected}, which starts no call) and its close. A fresh gateway's
 * first Twilio stream otherwise waited ~110 ms for that code to run once before its {@code start} was read.
 */
@Singleton
public class TwilioLoopback {
    private static final long TIMEOUT_MS = 5_000;

    private final TwilioConfig config;
    private final Vertx vertx;

    public TwilioLoopback(TwilioConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
    }

    /** Opens, greets and closes a stream on {@code port} of this host; says what happened. */
    public String run(int port) {
        if (config.deploymentToken().isEmpty()) {
            return "no Twilio stream (no parley.twilio.auth-token)";
        }
        String url = TwilioConfig.streamUrl(config.publicUrl().orElse("http://127.0.0.1:" + port));
        String signature = TwilioSignature.sign(config.deploymentToken().get(), url, Map.of());
        WebSocketClient client = vertx.createWebSocketClient();
        CompletableFuture<String> done = new CompletableFuture<>();
        client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/twilio/media")
                        .addHeader(TwilioSignature.HEADER, signature))
                .compose(socket -> socket.writeTextMessage("{\"event\":\"connected\",\"protocol\":\"Call\","
                        + "\"version\":\"1.0.0\"}").compose(v -> socket.close()))
                .onComplete(result -> done.complete(result.succeeded() ? "Twilio stream opened and closed"
                        : "no Twilio stream (" + result.cause() + ")"));
        try {
            return done.completeOnTimeout("no Twilio stream within " + TIMEOUT_MS + " ms", TIMEOUT_MS,
                    TimeUnit.MILLISECONDS).join();
        } finally {
            client.close();
        }
    }
}
