package dev.parley.gateway.transport.browser;

import dev.parley.gateway.session.GatewayMetrics;
import dev.parley.gateway.transport.StreamTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class BrowserTransportTest {
    @TestHTTPResource("/browser/token")
    URI tokenUrl;
    @TestHTTPResource("/browser/media")
    URI media;
    @Inject
    StreamTokens tokens;
    @Inject
    GatewayMetrics metrics;

    @Test
    void aTenantKeyBuysAShortLivedTokenForItsOwnTenantOnly() {
        String token = given().header("X-Api-Key", "test-acme-key").post(tokenUrl)
                .then().statusCode(200).body("tenant", equalTo("acme")).body("expiresInSeconds", equalTo(300))
                .extract().path("token");
        assertEquals("acme", tokens.verify(token).orElseThrow());
        given().post(tokenUrl).then().statusCode(401);
        given().header("X-Api-Key", "guess").post(tokenUrl).then().statusCode(401);
    }

    @Test
    void theMediaSocketNeedsAToken() {
        CompletionException e = assertThrows(CompletionException.class, () -> HttpClient.newHttpClient()
                .newWebSocketBuilder().buildAsync(wsUri(null), new WebSocket.Listener() {
                }).join());
        assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
        assertEquals(403, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
    }

    @Test
    void audioBeforeStartIsCountedAndATokenForAnUnknownTenantIsRefusedAtStart() throws Exception {
        double before = metrics.malformedMessages();
        CompletableFuture<String> closed = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(wsUri(tokens.issue("ghost", Duration.ofMinutes(1))), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                        closed.complete(code + " " + reason);
                        return null;
                    }
                }).join();
        ws.sendBinary(ByteBuffer.wrap(new byte[640]), true).join();
        ws.sendText("not json", true).join();
        ws.sendText("{\"type\":\"start\"}", true).join();
        String close = closed.get(10, TimeUnit.SECONDS);
        assertTrue(close.startsWith("1008 unknown tenant 'ghost'"), close);
        assertEquals(before + 2, metrics.malformedMessages(), 0.0);
    }

    private URI wsUri(String token) {
        String base = media.toString().replaceFirst("^http", "ws");
        return URI.create(token == null ? base : base + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }
}
