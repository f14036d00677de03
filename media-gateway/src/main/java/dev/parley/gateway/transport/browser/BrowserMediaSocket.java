package dev.parley.gateway.transport.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.audio.Pcm16;
import dev.parley.gateway.session.CallInfo;
import dev.parley.gateway.session.CallSession;
import dev.parley.gateway.session.CallSessions;
import dev.parley.gateway.session.GatewayMetrics;
import dev.parley.gateway.tenant.Tenant;
import dev.parley.gateway.tenant.TenantDirectory;
import dev.parley.gateway.transport.MediaStreams;
import dev.parley.gateway.transport.StreamTokenCheck;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The browser as a phone: microphone audio arrives as binary PCM16 16 kHz mono, control as JSON text
 * ({@code start}, {@code mark}, {@code ptt}, {@code dtmf}, {@code hangup}). Admitted by a stream token
 * ({@link StreamTokenCheck}) that a tenant's backend obtained from {@code POST /browser/token}.
 */
@WebSocket(path = "/browser/media")
public class BrowserMediaSocket {
    private static final Logger LOG = Logger.getLogger(BrowserMediaSocket.class);

    private final ObjectMapper json;
    private final TenantDirectory tenants;
    private final CallSessions sessions;
    private final MediaStreams streams;
    private final GatewayMetrics metrics;
    private final Map<String, CallSession> byConnection = new ConcurrentHashMap<>();

    public BrowserMediaSocket(ObjectMapper json, TenantDirectory tenants, CallSessions sessions, MediaStreams streams,
                              GatewayMetrics metrics) {
        this.json = json;
        this.tenants = tenants;
        this.sessions = sessions;
        this.streams = streams;
        this.metrics = metrics;
    }

    @OnBinaryMessage
    @NonBlocking
    void onAudio(WebSocketConnection connection, Buffer audio) {
        CallSession session = byConnection.get(connection.id());
        if (session == null || (audio.length() & 1) != 0) {
            metrics.malformedMessage();
            LOG.warnf("ignored audio on browser stream %s: %s", connection.id(),
                    session == null ? "before start" : "odd byte count");
            return;
        }
        session.onCallerPcm16k(Pcm16.fromBytes(audio.getBytes()));
    }

    @OnTextMessage
    @NonBlocking
    void onControl(WebSocketConnection connection, String text) {
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (Exception e) {
            metrics.malformedMessage();
            LOG.warnf("ignored malformed message on browser stream %s: not JSON", connection.id());
            return;
        }
        CallSession session = byConnection.get(connection.id());
        String type = message.path("type").asText("");
        if ("start".equals(type) && session == null) {
            start(connection);
        } else if (session != null && "mark".equals(type)) {
            session.onMarkPlayed(message.path("name").asText(""));
        } else if (session != null && "ptt".equals(type)) {
            if (message.path("pressed").asBoolean(false)) {
                session.onTalkPressed();
            } else {
                session.onEndOfTurnSignal();
            }
        } else if (session != null && "dtmf".equals(type)) {
            session.onDtmf(message.path("digit").asText(""));
        } else if (session != null && "hangup".equals(type)) {
            session.onCallerHangup();
        } else {
            metrics.malformedMessage();
            LOG.warnf("ignored message on browser stream %s: unexpected '%s'", connection.id(), type);
        }
    }

    private void start(WebSocketConnection connection) {
        String tenantId = connection.userData().get(StreamTokenCheck.TENANT);
        String callId = "WB" + UUID.randomUUID().toString().replace("-", "");
        if (!streams.admit(connection, "browser", "", callId)) {
            return;
        }
        Optional<Tenant> tenant = tenants.byId(tenantId);
        if (tenant.isEmpty()) {
            streams.refuse(connection, MediaStreams.CLOSE_POLICY, "unknown tenant '" + tenantId + "'", callId);
            return;
        }
        BrowserLine line = new BrowserLine(connection, json);
        line.started(callId, tenant.get().id());
        CallInfo info = new CallInfo(tenant.get().id(), callId, "browser", "", tenant.get().voice());
        LOG.infof("%s: call started (browser)", info.logTag());
        byConnection.put(connection.id(), sessions.start(info, line));
    }

    @OnClose
    @NonBlocking
    void onClose(WebSocketConnection connection) {
        CallSession session = byConnection.remove(connection.id());
        if (session != null) {
            session.onCallerHangup();
        }
        streams.released(connection, session);
    }
}
