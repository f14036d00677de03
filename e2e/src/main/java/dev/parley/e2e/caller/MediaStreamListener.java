package dev.parley.e2e.caller;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.WebSocket;
import java.util.Base64;
import java.util.concurrent.CompletionStage;

/**
 * Reassembles the gateway's text frames into messages and dispatches the Twilio events a phone acts on. Anything the
 * phone does not understand is reported as a protocol problem instead of breaking the call, as Twilio would.
 */
final class MediaStreamListener implements WebSocket.Listener {
    /** What the caller does with each event from the gateway. */
    interface Events {
        void media(byte[] ulaw);

        void mark(String name);

        void clear();

        void protocolProblem(String description);

        void closed(int code, String reason);

        void failed(Throwable error);
    }

    private final Events events;
    private final StringBuilder partial = new StringBuilder();

    MediaStreamListener(Events events) {
        this.events = events;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String message = partial.toString();
            partial.setLength(0);
            dispatch(message);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
        events.protocolProblem("binary frame of " + data.remaining() + " bytes (Twilio Media Streams are JSON text)");
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        events.closed(statusCode, reason);
        // Returning null lets the JDK answer the close with the same code, completing the closing handshake.
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        events.failed(error);
    }

    private void dispatch(String message) {
        JsonNode json;
        try {
            json = TwilioMessages.parse(message);
        } catch (IllegalArgumentException e) {
            events.protocolProblem(e.getMessage());
            return;
        }
        String event = json.path("event").asText("");
        switch (event) {
            case "media":
                String payload = json.path("media").path("payload").asText("");
                try {
                    events.media(Base64.getDecoder().decode(payload));
                } catch (IllegalArgumentException e) {
                    events.protocolProblem("media payload is not base64: " + TwilioMessages.abbreviate(payload));
                }
                break;
            case "mark":
                String name = json.path("mark").path("name").asText(null);
                if (name == null) {
                    events.protocolProblem("mark without a name: " + TwilioMessages.abbreviate(message));
                } else {
                    events.mark(name);
                }
                break;
            case "clear":
                events.clear();
                break;
            default:
                events.protocolProblem("unknown event: " + TwilioMessages.abbreviate(message));
        }
    }
}
