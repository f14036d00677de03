package dev.parley.gateway.transport.telnyx;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class TelnyxTransportTest {
    @TestHTTPResource("/telnyx/voice")
    URI voice;
    @TestHTTPResource("/telnyx/media")
    URI media;
    @Inject
    StreamTokens tokens;
    @Inject
    GatewayMetrics metrics;

    private static String sign(String timestamp, String body) throws Exception {
        return TelnyxWebhooks.sign(timestamp, body);
    }

    private static String form(String to) {
        return TelnyxWebhooks.form(to);
    }

    @Test
    void aSignedWebhookGetsAStreamUrlWithATokenForTheNumbersTenant() throws Exception {
        String body = form("+15550100100");
        String ts = Long.toString(Instant.now().getEpochSecond());
        String texml = given().header("telnyx-timestamp", ts).header("telnyx-signature-ed25519", sign(ts, body))
                .contentType("application/x-www-form-urlencoded").body(body)
                .post(voice).then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("token=([^\"&]+)").matcher(texml);
        assertTrue(m.find(), texml);
        String token = java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        assertEquals("acme", tokens.verify(token).orElseThrow());
        assertTrue(texml.contains("/telnyx/media?token="), texml);
        // The webhook held a call slot for this stream; the stream claims it with the slot id.
        assertTrue(Pattern.compile("&amp;slot=[0-9a-f-]{36}\"").matcher(texml).find(), texml);
    }

    @Test
    void refusesUnsignedStaleAndTamperedWebhooks() throws Exception {
        String body = form("+15550100100");
        String ts = Long.toString(Instant.now().getEpochSecond());
        given().contentType("application/x-www-form-urlencoded").body(body).post(voice).then().statusCode(403);
        String stale = Long.toString(Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond());
        given().header("telnyx-timestamp", stale).header("telnyx-signature-ed25519", sign(stale, body))
                .contentType("application/x-www-form-urlencoded").body(body).post(voice).then().statusCode(403);
        given().header("telnyx-timestamp", ts).header("telnyx-signature-ed25519", sign(ts, body))
                .contentType("application/x-www-form-urlencoded").body(form("+15550100999"))
                .post(voice).then().statusCode(403);
    }

    @Test
    void theMediaStreamNeedsAValidToken() {
        URI ws = URI.create(media.toString().replaceFirst("^http", "ws"));
        CompletionException e = assertThrows(CompletionException.class,
                () -> HttpClient.newHttpClient().newWebSocketBuilder()
                        .buildAsync(URI.create(ws + "?token=acme.99999999999.forged"), new WebSocket.Listener() {
                        }).join());
        assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
        assertEquals(403, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
    }

    @Test
    void aTokenForATenantWeDoNotServeIsRefusedAtStartAndMalformedFramesAreCounted() throws Exception {
        double before = metrics.malformedMessages();
        CompletableFuture<String> closed = new CompletableFuture<>();
        URI ws = URI.create(media.toString().replaceFirst("^http", "ws") + "?token="
                + URLEncoder.encode(tokens.issue("ghost", Duration.ofMinutes(1)), StandardCharsets.UTF_8));
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(ws, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                closed.complete(code + " " + reason);
                return null;
            }
        }).join();
        socket.sendText("{\"event\":\"media\",\"sequence_number\":\"2\"", true).join();
        socket.sendText("{\"event\":\"start\",\"sequence_number\":\"1\",\"stream_id\":\"s1\",\"start\":{"
                + "\"call_control_id\":\"v3:abc\",\"media_format\":{\"encoding\":\"PCMU\",\"sample_rate\":8000,"
                + "\"channels\":1}}}", true).join();
        String close = closed.get(10, TimeUnit.SECONDS);
        assertTrue(close.startsWith("1008 unknown tenant 'ghost'"), close);
        assertEquals(before + 1, metrics.malformedMessages(), 0.0);
    }
}
