package dev.parley.gateway.transport.twilio;

import dev.parley.gateway.session.GatewayMetrics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class TwilioMediaSocketTest {
    @TestHTTPResource("/twilio/media")
    URI media;
    @Inject
    GatewayMetrics metrics;

    private final HttpClient http = HttpClient.newHttpClient();

    private URI wsUri() {
        return URI.create(media.toString().replaceFirst("^http", "ws"));
    }

    private CompletableFuture<String> closed = new CompletableFuture<>();

    private WebSocket connect(String token) {
        String signature = TwilioSignature.sign(token, wsUri().toString(), Map.of());
        return http.newWebSocketBuilder().header(TwilioSignature.HEADER, signature)
                .buildAsync(wsUri(), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                        closed.complete(statusCode + " " + reason);
                        return null;
                    }
                }).join();
    }

    private static String start(String tenant) {
        return "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"streamSid\":\"MZ1\",\"start\":{\"streamSid\":\"MZ1\","
                + "\"accountSid\":\"AC1\",\"callSid\":\"CA1\",\"tracks\":[\"inbound\"],\"customParameters\":{\"tenant\":\""
                + tenant + "\"},\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}}}";
    }

    @Test
    void refusesAnUnknownTenantWithAPolicyCloseFrame() throws Exception {
        WebSocket ws = connect("test-token");
        ws.sendText("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}", true).join();
        ws.sendText(start("no-such-tenant"), true).join();
        String close = closed.get(10, TimeUnit.SECONDS);
        assertTrue(close.startsWith("1008 unknown tenant 'no-such-tenant'"), close);
    }

    @Test
    void refusesAHandshakeNotSignedWithOurToken() {
        CompletionException e = assertThrows(CompletionException.class, () -> connect("wrong-token"));
        assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
        assertEquals(403, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
    }

    @Test
    void countsAndIgnoresMalformedMessagesWithoutDroppingTheStream() throws Exception {
        double before = metrics.malformedMessages();
        WebSocket ws = connect("test-token");
        ws.sendText("this is not json", true).join();
        ws.sendText("{\"event\":\"media\",\"media\":{\"payload\":\"AAAA\"}}", true).join();
        ws.sendText("{\"event\":\"warp-drive\"}", true).join();
        // Still open: an unknown tenant on the same stream is answered, which needs the stream alive.
        ws.sendText(start("no-such-tenant"), true).join();
        String close = closed.get(10, TimeUnit.SECONDS);
        assertTrue(close.startsWith("1008"), close);
        assertEquals(before + 3, metrics.malformedMessages(), 0.0);
        assertFalse(close.isEmpty());
    }
}
