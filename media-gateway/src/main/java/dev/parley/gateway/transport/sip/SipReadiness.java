package dev.parley.gateway.transport.sip;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The SIP trunk on the readiness endpoint: where it listens (with {@code parley.sip.port=0}, the only place that
 * says which port was picked) and how many SIP calls are up. DOWN when enabled but not listening.
 */
@Readiness
@ApplicationScoped
public class SipReadiness implements HealthCheck {
    private final SipConfig config;
    private final SipServer server;
    private final SipDispatcher dispatcher;

    public SipReadiness(SipConfig config, SipServer server, SipDispatcher dispatcher) {
        this.config = config;
        this.server = server;
        this.dispatcher = dispatcher;
    }

    @Override
    public HealthCheckResponse call() {
        if (!config.enabled()) {
            return HealthCheckResponse.named("sip-trunk").up().withData("enabled", false).build();
        }
        return HealthCheckResponse.named("sip-trunk").status(server.port() > 0)
                .withData("enabled", true)
                .withData("port", server.port())
                .withData("calls", dispatcher.liveCalls())
                .build();
    }
}
