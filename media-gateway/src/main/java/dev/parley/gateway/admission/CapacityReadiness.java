package dev.parley.gateway.admission;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the gateway's call headroom on the readiness endpoint, UP until the gateway drains. A full gateway is healthy: it answers
 * every new call at once with a clean "busy". Going DOWN when full would take the instance out of its load
 * balancer (with one instance, every webhook would then get a 503 instead of that clean answer) and would flap
 * at every call boundary; a balancer that wants to steer by load reads the headroom instead.
 */
@Readiness
@ApplicationScoped
public class CapacityReadiness implements HealthCheck {
    private final CallAdmission admission;

    public CapacityReadiness(CallAdmission admission) {
        this.admission = admission;
    }

    @Override
    public HealthCheckResponse call() {
        int used = admission.used();
        // Draining is the one time to go DOWN: the balancer must stop sending calls that would only be refused.
        return HealthCheckResponse.named("call-capacity").status(!admission.draining())
                .withData("draining", admission.draining())
                .withData("limit", admission.capacity())
                .withData("used", used)
                .withData("held", admission.held())
                .withData("headroom", Math.max(0, admission.capacity() - used))
                .build();
    }
}
