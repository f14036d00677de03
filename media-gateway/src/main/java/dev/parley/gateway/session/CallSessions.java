package dev.parley.gateway.session;

import dev.parley.gateway.transport.CallTransport;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Creates call sessions for transports; the one place a session gets its collaborators. */
@Singleton
public class CallSessions {
    private final LiveServices services;
    private final TurnSettings turnSettings;
    private final int playoutLeadMs;

    public CallSessions(LiveServices services, TurnSettings turnSettings,
                        @ConfigProperty(name = "parley.playout.lead-ms", defaultValue = "80") int playoutLeadMs) {
        this.services = services;
        this.turnSettings = turnSettings;
        this.playoutLeadMs = playoutLeadMs;
    }

    /** Must be called on the connection's Vert.x context: the session stays on it for its whole life. */
    public CallSession start(CallInfo info, CallTransport transport) {
        CallContext context = new CallContext(Vertx.currentContext());
        return new CallSession(info, transport, context, services, turnSettings, playoutLeadMs);
    }
}
