package dev.parley.gateway.transport.sip;

import dev.parley.gateway.transport.sip.register.SipRegistrations;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The SIP trunk on the readiness endpoint: where it listens (with {@code parley.sip.port=0}, the only place that
 * says which port was picked), how many SIP calls are up and each carrier registration's state. DOWN when enabled
 * but not listening; a registration that fails does not make it DOWN: the gateway still takes every other trunk's
 * calls (and that tenant's from its allow-list), and taking it out of service would not bring the registrar back.
 */
@Readiness
@ApplicationScoped
public class SipReadiness implements HealthCheck {
    private final SipConfig config;
    private final SipServer server;
    private final SipDispatcher dispatcher;
    private final SipRegistrations registrations;

    public SipReadiness(SipConfig config, SipServer server, SipDispatcher dispatcher,
                        SipRegistrations registrations) {
        this.config = config;
        this.server = server;
        this.dispatcher = dispatcher;
        this.registrations = registrations;
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
                .withData("registrations", registrations.states().toString())
                .build();
    }
}
