package dev.parley.gateway.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.gateway.admission.CallAdmission;
import dev.parley.gateway.session.CallSession;
import dev.parley.gateway.session.GatewayMetrics;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What every JSON media-stream transport (Twilio, Telnyx) shares: one call session per WebSocket connection,
 * and the messages both send in the same shape once a call runs (media, mark, dtmf, stop). A transport only
 * says how its {@code start} message becomes a call, or that the call's session waits while someone else hears the
 * caller first ({@link #listen}).
 */
@Singleton
public class MediaStreams {
    private static final Logger LOG = Logger.getLogger(MediaStreams.class);
    /** RFC 6455 1008: policy violation (unknown tenant, bad credentials in the start message). */
    public static final int CLOSE_POLICY = 1008;
    /** RFC 6455 1003: unsupported data (not G.711 μ-law 8 kHz mono). */
    public static final int CLOSE_UNSUPPORTED = 1003;
    /** RFC 6455 1013: try again later (every line is busy, here or in a backend). */
    public static final int CLOSE_TRY_AGAIN_LATER = 1013;

    /** Turns a transport's start message into a running call, or refuses it. */
    public interface CallStarter {
        /**
         * Returns the session; null after having refused the call with {@link #refuse}, or when its session waits
         * ({@link #listen}).
         */
        CallSession start(WebSocketConnection connection, JsonNode startMessage);
    }

    private final ObjectMapper json;
    private final GatewayMetrics metrics;
    private final CallAdmission admission;
    private final Map<String, CallSession> byConnection = new ConcurrentHashMap<>();
    /** Streams whose call has no session yet: the caller's audio goes here (answering-machine screening). */
    private final Map<String, Consumer<byte[]>> listeners = new ConcurrentHashMap<>();

    public MediaStreams(ObjectMapper json, GatewayMetrics metrics, CallAdmission admission) {
        this.json = json;
        this.metrics = metrics;
        this.admission = admission;
    }

    public void onMessage(WebSocketConnection connection, String text, CallStarter starter) {
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (Exception e) {
            malformed(connection, "not JSON");
            return;
        }
        String event = message.path("event").asText("");
        CallSession session = byConnection.get(connection.id());
        switch (event) {
            case "connected" -> {
            }
            case "start" -> {
                if (session != null || listeners.containsKey(connection.id())) {
                    malformed(connection, "second start on one stream");
                    return;
                }
                CallSession started = starter.start(connection, message);
                if (started != null) {
                    byConnection.put(connection.id(), started);
                }
            }
            case "media" -> media(connection, session, message.path("media"));
            case "mark" -> {
                if (session != null) {
                    session.onMarkPlayed(message.path("mark").path("name").asText(""));
                }
            }
            case "dtmf" -> {
                String digit = message.path("dtmf").path("digit").asText("");
                if (session != null && !digit.isEmpty()) {
                    session.onDtmf(digit);
                }
            }
            case "stop" -> {
                if (session != null) {
                    session.onCallerHangup();
                }
            }
            case "error" -> LOG.warnf("%s: stream %s reported an error: %s", session == null ? "tenant=? call=?"
                    : session.info().logTag(), connection.id(), message.path("payload"));
            default -> malformed(connection, "unknown event '" + event + "'");
        }
    }

    /**
     * A started stream whose session waits: until {@link #attach}, its caller's μ-law frames go to {@code audio}
     * (its marks, keys and stop to nobody: no agent has spoken, and the stream's close ends the call).
     */
    public void listen(WebSocketConnection connection, Consumer<byte[]> audio) {
        listeners.put(connection.id(), audio);
    }

    /** The session of a stream that waited ({@link #listen}) started: the stream is its from now on. */
    public void attach(WebSocketConnection connection, CallSession session) {
        byConnection.put(connection.id(), session);
        listeners.remove(connection.id());
    }

    private void media(WebSocketConnection connection, CallSession session, JsonNode media) {
        Consumer<byte[]> listener = session == null ? listeners.get(connection.id()) : null;
        if (session == null && listener == null) {
            malformed(connection, "media before start");
            return;
        }
        String track = media.path("track").asText("inbound");
        if (!track.startsWith("inbound")) {
            return;
        }
        try {
            byte[] audio = Base64.getDecoder().decode(media.path("payload").asText(""));
            if (session != null) {
                session.onCallerAudio(audio);
            } else {
                listener.accept(audio);
            }
        } catch (IllegalArgumentException e) {
            malformed(connection, "media payload is not base64");
        }
    }

    public void onClose(WebSocketConnection connection) {
        listeners.remove(connection.id());
        CallSession session = byConnection.remove(connection.id());
        if (session != null) {
            session.onCallerHangup();
        }
        released(connection, session);
    }

    /**
     * Takes the call slot a webhook held for this stream ({@code slotId}), or a free one; when there is none the
     * stream is closed with 1013 and false returned. Call before any other check: a refused stream's close
     * releases whatever it took.
     */
    public boolean admit(WebSocketConnection connection, String transport, String slotId, String callId) {
        if (admission.admit(connection.id(), transport, slotId)) {
            return true;
        }
        refuse(connection, CLOSE_TRY_AGAIN_LATER, admission.refusal(), callId);
        return false;
    }

    /** A media stream closed: its call slot is free again (and counted as refused if a backend was full at start). */
    public void released(WebSocketConnection connection, CallSession session) {
        admission.release(connection.id(), session != null && CallSession.BUSY.equals(session.endReason()));
    }

    public void refuse(WebSocketConnection connection, int code, String why, String callId) {
        LOG.warnf("refusing call %s: %s", callId == null || callId.isEmpty() ? "(no call id)" : callId, why);
        metrics.refusedCall();
        connection.close(new CloseReason(code, why.length() > 120 ? why.substring(0, 120) : why))
                .subscribe().with(v -> {
                }, e -> LOG.debugf("close failed: %s", e));
    }

    private void malformed(WebSocketConnection connection, String why) {
        metrics.malformedMessage();
        CallSession session = byConnection.get(connection.id());
        LOG.warnf("%s: ignored malformed message on stream %s: %s",
                session == null ? "tenant=? call=?" : session.info().logTag(), connection.id(), why);
    }
}
