package dev.parley.gateway.transport.twilio;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.parley.gateway.transport.WebSocketLine;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.websockets.next.WebSocketConnection;

import java.util.Base64;

/** Our side of a Twilio media stream: outbound messages in Twilio's exact shapes. */
final class TwilioLine extends WebSocketLine {

    private final String mediaPrefix;
    private final String markPrefix;
    private final String clearMessage;
    private final SpanContext origin;

    /** @param origin the voice webhook's trace, from the stream's parameters */
    TwilioLine(WebSocketConnection connection, String streamSid, SpanContext origin) {
        super(connection);
        this.origin = origin;
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
    public SpanContext origin() {
        return origin;
    }

    @Override
    public void sendAudio(byte[] ulawFrame) {
        sendText(mediaPrefix + Base64.getEncoder().encodeToString(ulawFrame) + "\"}}");
    }

    @Override
    public void sendMark(String name) {
        sendText(markPrefix + new String(JsonStringEncoder.getInstance().quoteAsString(name)) + "\"}}");
    }

    @Override
    public void clear() {
        sendText(clearMessage);
    }

}
