package dev.parley.gateway.warmup;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN ("warming") until the warm-up has run. A backend still unreachable after the bound does not keep the gateway
 * out of service (readiness that follows other services' health would take every gateway down with one backend);
 * the data says which one.
 */
@Readiness
@Singleton
public class WarmupReadiness implements HealthCheck {
    private final GatewayWarmup warmup;

    WarmupReadiness(GatewayWarmup warmup) {
        this.warmup = warmup;
    }

    @Override
    public HealthCheckResponse call() {
        WarmupStatus s = warmup.status();
        return HealthCheckResponse.named("gateway-warmup").status(s.ready())
                .withData("state", s.state().name().toLowerCase())
                .withData("detail", s.detail())
                .withData("millis", s.millis())
                .build();
    }
}
