package dev.parley.gateway.session;

import dev.parley.contracts.redaction.RedactionPolicy;
import dev.parley.contracts.redaction.Redactor;
import dev.parley.gateway.tenant.Tenant;
import dev.parley.gateway.tenant.TenantDirectory;
import dev.parley.gateway.transport.CallTransport;
import dev.parley.gateway.turntaking.TurnPolicy;
import dev.parley.gateway.turntaking.TurnSettings;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Creates call sessions for transports; the one place a session gets its collaborators. */
@Singleton
public class CallSessions {
    private static final Logger LOG = Logger.getLogger(CallSessions.class);
    private final LiveServices services;
    private final TenantDirectory tenants;
    private final TurnPolicy defaults;
    private final int playoutLeadMs;
    private final Duration failoverWindow;
    private final Set<CallSession> live = ConcurrentHashMap.newKeySet();

    public CallSessions(LiveServices services, TenantDirectory tenants, TurnSettings turnSettings,
                        @ConfigProperty(name = "parley.playout.lead-ms", defaultValue = "80") int playoutLeadMs,
                        @ConfigProperty(name = "parley.failover.window", defaultValue = "30s") Duration failoverWindow) {
        this.services = services;
        this.tenants = tenants;
        this.defaults = TurnPolicy.of(turnSettings);
        this.playoutLeadMs = playoutLeadMs;
        this.failoverWindow = failoverWindow;
    }

    /** Must be called on the connection's Vert.x context: the session stays on it for its whole life. */
    public CallSession start(CallInfo info, CallTransport transport) {
        CallContext context = new CallContext(Vertx.currentContext());
        CallSession session = new CallSession(info, transport, context, services, policyOf(info.tenantId()),
                redactorOf(info.tenantId()), playoutLeadMs, failoverWindow.toMillis(), live::remove);
        live.add(session);
        return session;
    }

    /**
     * A call nobody made, run by the gateway's warm-up before it reports ready so that the first real call finds warm
     * code: the tenant's real greeting through the real backends, reporting nothing ({@link LiveServices#unreported})
     * and holding no call slot (it is not among {@link #live}). On the current Vert.x context, as {@link #start}.
     */
    public CallSession warmUp(CallInfo info, CallTransport transport) {
        return new CallSession(info, transport, new CallContext(Vertx.currentContext()), services.unreported(),
                policyOf(info.tenantId()), redactorOf(info.tenantId()), playoutLeadMs, failoverWindow.toMillis(),
                ended -> { });
    }

    /** The calls not ended yet. */
    public Set<CallSession> live() {
        return Set.copyOf(live);
    }

    /** The tenant's PII masking, as its tenant.yaml said when the call started. */
    Redactor redactorOf(String tenantId) {
        return new Redactor(tenants.byId(tenantId).map(Tenant::redaction).orElse(RedactionPolicy.NONE));
    }

    /** The tenant's turn-taking policy; a broken override falls back to the defaults with an error in the log. */
    TurnPolicy policyOf(String tenantId) {
        Map<String, Double> overrides = tenants.byId(tenantId).map(Tenant::turn).orElse(Map.of());
        try {
            return defaults.with(overrides);
        } catch (IllegalArgumentException e) {
            LOG.errorf("tenant %s: ignoring its turn settings: %s", tenantId, e.getMessage());
            return defaults;
        }
    }
}
