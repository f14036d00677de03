package dev.parley.e2e.sip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/** What a SIP test needs to know of a gateway: the port its trunk listens on, and how it names a SIP call. */
public final class SipTrunk {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private SipTrunk() {
    }

    /** The SIP port the gateway's readiness reports (a test stack asks for a free one). */
    public static int port(URI gatewayBase) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(gatewayBase.resolve("/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        JsonNode health = JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode check : health.path("checks")) {
            if ("sip-trunk".equals(check.path("name").asText())) {
                int port = check.path("data").path("port").asInt(-1);
                if (port > 0) {
                    return port;
                }
            }
        }
        throw new IllegalStateException("the gateway at " + gatewayBase + " reports no SIP port: " + health);
    }

    /** The gateway's call id for a SIP Call-ID: "SIP" and the first 32 hex digits of its SHA-256 (media-gateway README). */
    public static String callId(String sipCallId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(sipCallId.getBytes(StandardCharsets.UTF_8));
            return "SIP" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
