package dev.parley.gateway.transport.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.admission.CallAdmission;
import dev.parley.gateway.outbound.AmdScreen;
import dev.parley.gateway.outbound.AmdScreens;
import dev.parley.gateway.session.CallInfo;
import dev.parley.gateway.session.CallSession;
import dev.parley.gateway.session.CallSessions;
import dev.parley.gateway.tenant.Tenant;
import dev.parley.gateway.tenant.TenantDirectory;
import dev.parley.gateway.tracing.SetupTrace;
import dev.parley.gateway.transport.MediaStreams;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Twilio Media Streams (bidirectional) endpoint. Twilio streams μ-law audio continuously, silence included;
 * each message is handled on the connection's event loop, which is also where its call session lives.
 * The handshake is signed by Twilio ({@link TwilioHandshakeCheck}), so the tenant in the start message's
 * custom parameters is the one our TwiML put there. A start naming one of our outbound calls
 * ({@link TwilioDialer#CALL_PARAMETER}) runs that call: its slot, tenant and parameters are the dial's, and with
 * {@code twilio.outbound.amd} its session waits for answering-machine detection to hear the callee.
 */
@WebSocket(path = "/twilio/media")
public class TwilioMediaSocket {
    private static final Logger LOG = Logger.getLogger(TwilioMediaSocket.class);

    private final MediaStreams streams;
    private final TenantDirectory tenants;
    private final CallSessions sessions;
    private final TwilioDials dials;
    private final AmdScreens amd;

    public TwilioMediaSocket(MediaStreams streams, TenantDirectory tenants, CallSessions sessions,
                             TwilioDials dials, AmdScreens amd) {
        this.streams = streams;
        this.tenants = tenants;
        this.sessions = sessions;
        this.dials = dials;
        this.amd = amd;
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
        dials.streamClosed(connection.id());
    }

    private CallSession start(WebSocketConnection connection, JsonNode message) {
        JsonNode start = message.path("start");
        String callSid = start.path("callSid").asText("");
        String streamSid = message.path("streamSid").asText(start.path("streamSid").asText(""));
        JsonNode params = start.path("customParameters");
        JsonNode format = start.path("mediaFormat");
        if (params.has(TwilioDialer.CALL_PARAMETER)) {
            // Our own call: its dial holds the slot, so only the stream itself is checked.
            String callId = params.path(TwilioDialer.CALL_PARAMETER).asText("");
            return unusable(connection, callSid, streamSid, format) ? null
                    : outbound(connection, start, streamSid, callId);
        }
        if (!streams.admit(connection, "twilio", params.path(CallAdmission.SLOT).asText(""), callSid)
                || unusable(connection, callSid, streamSid, format)) {
            return null;
        }
        String tenantId = params.path("tenant").asText("");
        Optional<Tenant> tenant = tenants.byId(tenantId);
        if (tenant.isEmpty()) {
            streams.refuse(connection, MediaStreams.CLOSE_POLICY, "unknown tenant '" + tenantId + "'", callSid);
            return null;
        }
        CallInfo info = new CallInfo(tenant.get().id(), callSid, params.path("from").asText(""),
                params.path("to").asText(""), tenant.get().voice());
        LOG.infof("%s: call started (twilio stream %s)", info.logTag(), streamSid);
        return sessions.start(info, new TwilioLine(connection, streamSid,
                SetupTrace.parse(params.path(SetupTrace.PARAMETER).asText(""))));
    }

    /** A start without its ids or not in μ-law 8 kHz mono is refused (true). */
    private boolean unusable(WebSocketConnection connection, String callSid, String streamSid, JsonNode format) {
        if (callSid.isEmpty() || streamSid.isEmpty()) {
            streams.refuse(connection, MediaStreams.CLOSE_POLICY, "start without callSid/streamSid", callSid);
            return true;
        }
        if (!format.isMissingNode() && (!"audio/x-mulaw".equals(format.path("encoding").asText())
                || format.path("sampleRate").asInt() != 8000 || format.path("channels").asInt(1) != 1)) {
            streams.refuse(connection, MediaStreams.CLOSE_UNSUPPORTED, "unsupported media format " + format, callSid);
            return true;
        }
        return false;
    }

    /** The callee answered one of our calls: it runs under the dial's slot, as its tenant, with its parameters. */
    private CallSession outbound(WebSocketConnection connection, JsonNode start, String streamSid, String callId) {
        Optional<TwilioDial> dial = dials.streamStarted(callId, start.path("accountSid").asText(""), connection.id());
        if (dial.isEmpty()) {
            streams.refuse(connection, MediaStreams.CLOSE_POLICY, "no outbound call " + callId + " awaits a stream",
                    callId);
            return null;
        }
        TwilioDial d = dial.get();
        CallInfo info = new CallInfo(d.tenantId(), d.callId(), d.from(), d.to(), d.voice(), d.brainParameters());
        LOG.infof("%s: call started (twilio outbound %s, stream %s)", info.logTag(), start.path("callSid").asText(""),
                streamSid);
        TwilioLine line = new TwilioLine(connection, streamSid, SpanContext.getInvalid());
        // The stream's messages arrive on its connection's context: the screen is fed there, so it hears its words there.
        Context context = Vertx.currentContext();
        Optional<AmdScreen> screen = amd.screen(d, task -> context.runOnContext(v -> task.run()), extra -> {
            d.session = sessions.start(info.withParameters(extra), line);
            streams.attach(connection, d.session);
        }, line::hangUp);
        if (screen.isEmpty()) {
            return sessions.start(info, line);
        }
        // The callee is heard first; the screen starts the session (or closes the stream, which ends the call).
        d.screen = screen.get();
        streams.listen(connection, d.screen::hear);
        return null;
    }
}
