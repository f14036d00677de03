package dev.parley.gateway.transport.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.gateway.session.CallInfo;
import dev.parley.gateway.session.CallSession;
import dev.parley.gateway.session.CallSessions;
import dev.parley.gateway.session.GatewayMetrics;
import dev.parley.gateway.tenant.Tenant;
import dev.parley.gateway.tenant.TenantDirectory;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import org.jboss.logging.Logger;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Twilio Media Streams (bidirectional) endpoint. Twilio streams μ-law audio continuously, silence included;
 * each message is handled on the connection's event loop, which is also where its call session lives.
 */
@WebSocket(path = "/twilio/media")
public class TwilioMediaSocket {
    private static final Logger LOG = Logger.getLogger(TwilioMediaSocket.class);
    /** RFC 6455 1008: policy violation — the stream names a tenant we do not serve. */
    static final int CLOSE_POLICY = 1008;
    /** RFC 6455 1003: unsupported data — not μ-law 8 kHz mono. */
    static final int CLOSE_UNSUPPORTED = 1003;

    private final ObjectMapper json;
    private final TenantDirectory tenants;
    private final CallSessions sessions;
    private final GatewayMetrics metrics;
    private final Map<String, CallSession> byConnection = new ConcurrentHashMap<>();

    public TwilioMediaSocket(ObjectMapper json, TenantDirectory tenants, CallSessions sessions, GatewayMetrics metrics) {
        this.json = json;
        this.tenants = tenants;
        this.sessions = sessions;
        this.metrics = metrics;
    }

    @OnOpen
    @NonBlocking
    void onOpen(WebSocketConnection connection) {
        LOG.debugf("media stream %s opened", connection.id());
    }

    @OnTextMessage
    @NonBlocking
    void onMessage(WebSocketConnection connection, String text) {
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
            case "start" -> start(connection, message);
            case "media" -> {
                if (session == null) {
                    malformed(connection, "media before start");
                    return;
                }
                JsonNode media = message.path("media");
                if (!"inbound".equals(media.path("track").asText("inbound"))) {
                    return;
                }
                try {
                    session.onCallerAudio(Base64.getDecoder().decode(media.path("payload").asText("")));
                } catch (IllegalArgumentException e) {
                    malformed(connection, "media payload is not base64");
                }
            }
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
            default -> malformed(connection, "unknown event '" + event + "'");
        }
    }

    private void start(WebSocketConnection connection, JsonNode message) {
        if (byConnection.containsKey(connection.id())) {
            malformed(connection, "second start on one stream");
            return;
        }
        JsonNode start = message.path("start");
        String callSid = start.path("callSid").asText("");
        String streamSid = message.path("streamSid").asText(start.path("streamSid").asText(""));
        JsonNode params = start.path("customParameters");
        String tenantId = params.path("tenant").asText("");
        JsonNode format = start.path("mediaFormat");
        if (callSid.isEmpty() || streamSid.isEmpty()) {
            refuse(connection, CLOSE_POLICY, "start without callSid/streamSid", callSid);
            return;
        }
        if (!format.isMissingNode() && (!"audio/x-mulaw".equals(format.path("encoding").asText())
                || format.path("sampleRate").asInt() != 8000 || format.path("channels").asInt(1) != 1)) {
            refuse(connection, CLOSE_UNSUPPORTED, "unsupported media format " + format, callSid);
            return;
        }
        Optional<Tenant> tenant = tenants.byId(tenantId);
        if (tenant.isEmpty()) {
            refuse(connection, CLOSE_POLICY, "unknown tenant '" + tenantId + "'", callSid);
            return;
        }
        CallInfo info = new CallInfo(tenant.get().id(), callSid, params.path("from").asText(""),
                params.path("to").asText(""), tenant.get().voice());
        LOG.infof("[%s] call started for tenant %s (stream %s)", callSid, info.tenantId(), streamSid);
        byConnection.put(connection.id(), sessions.start(info, new TwilioLine(connection, streamSid)));
    }

    private void refuse(WebSocketConnection connection, int code, String why, String callSid) {
        LOG.warnf("refusing call %s: %s", callSid.isEmpty() ? "(no callSid)" : callSid, why);
        metrics.refusedCall();
        connection.close(new CloseReason(code, why.length() > 120 ? why.substring(0, 120) : why))
                .subscribe().with(v -> {
                }, e -> LOG.debugf("close failed: %s", e));
    }

    private void malformed(WebSocketConnection connection, String why) {
        metrics.malformedMessage();
        LOG.warnf("ignored malformed message on stream %s: %s", connection.id(), why);
    }

    @OnClose
    @NonBlocking
    void onClose(WebSocketConnection connection) {
        CallSession session = byConnection.remove(connection.id());
        if (session != null) {
            session.onCallerHangup();
        }
    }
}
