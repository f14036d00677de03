package dev.parley.gateway.transport.telnyx;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.parley.gateway.transport.CallTransport;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import org.jboss.logging.Logger;

import java.util.Base64;

/** Our side of a Telnyx media stream: the same events as Twilio's, without a stream id on outbound messages. */
final class TelnyxLine implements CallTransport {
    private static final Logger LOG = Logger.getLogger(TelnyxLine.class);
    private static final String MEDIA_PREFIX = "{\"event\":\"media\",\"media\":{\"payload\":\"";
    private static final String MARK_PREFIX = "{\"event\":\"mark\",\"mark\":{\"name\":\"";

    private final WebSocketConnection connection;

    TelnyxLine(WebSocketConnection connection) {
        this.connection = connection;
    }

    @Override
    public String name() {
        return "telnyx";
    }

    @Override
    public void sendAudio(byte[] ulawFrame) {
        send(MEDIA_PREFIX + Base64.getEncoder().encodeToString(ulawFrame) + "\"}}");
    }

    @Override
    public void sendMark(String name) {
        send(MARK_PREFIX + new String(JsonStringEncoder.getInstance().quoteAsString(name)) + "\"}}");
    }

    @Override
    public void clear() {
        send("{\"event\":\"clear\"}");
    }

    @Override
    public void hangUp(String reason) {
        if (connection.isOpen()) {
            connection.close(CloseReason.NORMAL).subscribe().with(v -> {
            }, e -> LOG.debugf("close failed: %s", e));
        }
    }

    private void send(String message) {
        if (connection.isOpen()) {
            connection.sendText(message).subscribe().with(v -> {
            }, e -> LOG.debugf("send to %s failed: %s", connection.id(), e));
        }
    }
}
