package dev.parley.gateway.transport.browser;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.audio.MuLaw;
import dev.parley.audio.Pcm16;
import dev.parley.audio.Resampler;
import dev.parley.gateway.transport.WebSocketLine;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;
import org.jboss.logging.Logger;

/**
 * The browser phone's side of a call: agent audio as binary PCM16 16 kHz frames, and JSON text messages for
 * marks, barge-in (clear), live captions of both sides and per-turn latency.
 */
final class BrowserLine extends WebSocketLine {
    static final int RATE = 16_000;
    private static final Logger LOG = Logger.getLogger(BrowserLine.class);

    private final ObjectMapper json;
    private final Resampler upsampler = new Resampler(8_000, RATE);

    BrowserLine(WebSocketConnection connection, ObjectMapper json) {
        super(connection);
        this.json = json;
    }

    @Override
    public String name() {
        return "browser";
    }

    @Override
    public void sendAudio(byte[] ulawFrame) {
        if (connection.isOpen()) {
            byte[] pcm = Pcm16.toBytes(upsampler.process(MuLaw.decode(ulawFrame)));
            connection.sendBinary(Buffer.buffer(pcm)).subscribe().with(v -> {
            }, e -> LOG.debugf("send to %s failed: %s", connection.id(), e));
        }
    }

    @Override
    public void sendMark(String name) {
        send(message("mark").put("name", name));
    }

    @Override
    public void clear() {
        send(message("clear"));
    }

    @Override
    public void hangUp(String reason) {
        send(message("ended").put("reason", reason));
        super.hangUp(reason);
    }

    @Override
    public void userTranscript(long turnId, String text, boolean isFinal) {
        send(message("caption").put("role", "user").put("turnId", turnId).put("text", text).put("final", isFinal));
    }

    @Override
    public void agentText(long turnId, String textSoFar) {
        send(message("caption").put("role", "agent").put("turnId", turnId).put("text", textSoFar));
    }

    @Override
    public void agentHeard(long turnId, String heardText, boolean interrupted) {
        send(message("heard").put("turnId", turnId).put("heard", heardText).put("interrupted", interrupted));
    }

    @Override
    public void turnLatency(long turnId, long millis) {
        send(message("latency").put("turnId", turnId).put("ms", millis));
    }

    void started(String callId, String tenantId) {
        send(message("started").put("callId", callId).put("tenant", tenantId).put("sampleRate", RATE));
    }

    private ObjectNode message(String type) {
        return json.createObjectNode().put("type", type);
    }

    private void send(ObjectNode message) {
        sendText(message.toString());
    }
}
