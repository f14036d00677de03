package dev.parley.gateway.admission;

import dev.parley.gateway.transport.twilio.TwilioSignature;
import io.restassured.response.ValidatableResponse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;

/** Places Twilio-protocol calls at a test gateway: the signed webhook, then the signed media stream. */
final class Calls {
    static final String TOKEN = "test-token";
    private static final Pattern SLOT = Pattern.compile("<Parameter name=\"slot\" value=\"([^\"]+)\"/>");

    private final URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    Calls(URI base) {
        this.base = base;
    }

    ValidatableResponse webhook(String callSid) {
        URI voice = base.resolve("/twilio/voice");
        Map<String, String> call = Map.of("CallSid", callSid, "AccountSid", "AC1", "From", "+15550001111",
                "To", "+15550100100");
        return given().header(TwilioSignature.HEADER, TwilioSignature.sign(TOKEN, voice.toString(), call))
                .formParams(call).post(voice).then().statusCode(200);
    }

    /** The slot id the webhook's TwiML passes to the stream, or null when it passes none. */
    static String slotOf(String twiml) {
        Matcher m = SLOT.matcher(twiml);
        return m.find() ? m.group(1) : null;
    }

    /** Opens a media stream and starts the call on it; {@code closed} completes with "code reason". */
    WebSocket stream(String callSid, String slot, CompletableFuture<String> closed) {
        URI ws = URI.create(base.resolve("/twilio/media").toString().replaceFirst("^http", "ws"));
        WebSocket socket = http.newWebSocketBuilder()
                .header(TwilioSignature.HEADER, TwilioSignature.sign(TOKEN, ws.toString(), Map.of()))
                .buildAsync(ws, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                        closed.complete(code + " " + reason);
                        return null;
                    }
                }).join();
        String slotParam = slot == null ? "" : ",\"slot\":\"" + slot + "\"";
        socket.sendText("{\"event\":\"start\",\"streamSid\":\"MZ" + callSid + "\",\"start\":{\"streamSid\":\"MZ"
                + callSid + "\",\"callSid\":\"" + callSid + "\",\"customParameters\":{\"tenant\":\"acme\"" + slotParam
                + "},\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}}}", true)
                .join();
        return socket;
    }

    /** Polls until the condition holds; fails after the deadline (a bound on a hang, not a timing assertion). */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(20);
        }
    }
}
