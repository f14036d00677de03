package dev.parley.gateway.transport.telnyx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.session.CallInfo;
import dev.parley.gateway.session.CallSession;
import dev.parley.gateway.session.CallSessions;
import dev.parley.gateway.tenant.Tenant;
import dev.parley.gateway.tenant.TenantDirectory;
import dev.parley.gateway.transport.MediaStreams;
import dev.parley.gateway.transport.StreamTokenCheck;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Telnyx media streaming endpoint: Twilio's events with snake_case fields. The tenant comes from the stream
 * token our TeXML webhook put in the stream URL (checked at the handshake by {@link StreamTokenCheck}).
 */
@WebSocket(path = "/telnyx/media")
public class TelnyxMediaSocket {
    private static final Logger LOG = Logger.getLogger(TelnyxMediaSocket.class);

    private final MediaStreams streams;
    private final TenantDirectory tenants;
    private final CallSessions sessions;

    public TelnyxMediaSocket(MediaStreams streams, TenantDirectory tenants, CallSessions sessions) {
        this.streams = streams;
        this.tenants = tenants;
        this.sessions = sessions;
    }

    @OnTextMessage
    @NonBlocking
    void onMessage(WebSocketConnection connection, String text) {
        streams.onMessage(connection, text, this::start);
    }

    @OnClose
    @NonBlocking
    void onClose(WebSocketConnection connection) {
        streams.onClose(connection);
    }

    private CallSession start(WebSocketConnection connection, JsonNode message) {
        JsonNode start = message.path("start");
        String callId = start.path("call_control_id").asText(message.path("stream_id").asText(""));
        JsonNode format = start.path("media_format");
        if (!streams.admit(connection, "telnyx", connection.userData().get(StreamTokenCheck.SLOT), callId)) {
            return null;
        }
        if (callId.isEmpty()) {
            streams.refuse(connection, MediaStreams.CLOSE_POLICY, "start without call_control_id/stream_id", callId);
            return null;
        }
        if (!format.isMissingNode() && (!"PCMU".equalsIgnoreCase(format.path("encoding").asText())
                || format.path("sample_rate").asInt() != 8000 || format.path("channels").asInt(1) != 1)) {
            streams.refuse(connection, MediaStreams.CLOSE_UNSUPPORTED, "unsupported media format " + format, callId);
            return null;
        }
        String tenantId = connection.userData().get(StreamTokenCheck.TENANT);
        Optional<Tenant> tenant = tenants.byId(tenantId);
        if (tenant.isEmpty()) {
            streams.refuse(connection, MediaStreams.CLOSE_POLICY, "unknown tenant '" + tenantId + "'", callId);
            return null;
        }
        CallInfo info = new CallInfo(tenant.get().id(), callId, start.path("from").asText(""),
                start.path("to").asText(""), tenant.get().voice());
        LOG.infof("%s: call started (telnyx)", info.logTag());
        return sessions.start(info, new TelnyxLine(connection));
    }
}
