package dev.parley.gateway.transport.twilio;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.parley.gateway.transport.CallTransport;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import org.jboss.logging.Logger;

import java.util.Base64;

/** Our side of a Twilio media stream: outbound messages in Twilio's exact shapes. */
final class TwilioLine implements CallTransport {
    private static final Logger LOG = Logger.getLogger(TwilioLine.class);

    private final WebSocketConnection connection;
    private final String mediaPrefix;
    private final String markPrefix;
    private final String clearMessage;

    TwilioLine(WebSocketConnection connection, String streamSid) {
        this.connection = connection;
        String sid = new String(JsonStringEncoder.getInstance().quoteAsString(streamSid));
        // Built once per call: the media message is sent 50 times a second.
        this.mediaPrefix = "{\"event\":\"media\",\"streamSid\":\"" + sid + "\",\"media\":{\"payload\":\"";
        this.markPrefix = "{\"event\":\"mark\",\"streamSid\":\"" + sid + "\",\"mark\":{\"name\":\"";
        this.clearMessage = "{\"event\":\"clear\",\"streamSid\":\"" + sid + "\"}";
    }

    @Override
    public String name() {
        return "twilio";
    }

    @Override
    public void sendAudio(byte[] ulawFrame) {
        send(mediaPrefix + Base64.getEncoder().encodeToString(ulawFrame) + "\"}}");
    }

    @Override
    public void sendMark(String name) {
        send(markPrefix + new String(JsonStringEncoder.getInstance().quoteAsString(name)) + "\"}}");
    }

    @Override
    public void clear() {
        send(clearMessage);
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
