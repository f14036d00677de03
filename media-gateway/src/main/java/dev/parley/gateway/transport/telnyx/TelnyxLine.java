package dev.parley.gateway.transport.telnyx;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.parley.gateway.transport.WebSocketLine;
import io.quarkus.websockets.next.WebSocketConnection;

import java.util.Base64;

/** Our side of a Telnyx media stream: the same events as Twilio's, without a stream id on outbound messages. */
final class TelnyxLine extends WebSocketLine {
    private static final String MEDIA_PREFIX = "{\"event\":\"media\",\"media\":{\"payload\":\"";
    private static final String MARK_PREFIX = "{\"event\":\"mark\",\"mark\":{\"name\":\"";


    TelnyxLine(WebSocketConnection connection) {
        super(connection);
    }

    @Override
    public String name() {
        return "telnyx";
    }

    @Override
    public void sendAudio(byte[] ulawFrame) {
        sendText(MEDIA_PREFIX + Base64.getEncoder().encodeToString(ulawFrame) + "\"}}");
    }

    @Override
    public void sendMark(String name) {
        sendText(MARK_PREFIX + new String(JsonStringEncoder.getInstance().quoteAsString(name)) + "\"}}");
    }

    @Override
    public void clear() {
        sendText("{\"event\":\"clear\"}");
    }

}
