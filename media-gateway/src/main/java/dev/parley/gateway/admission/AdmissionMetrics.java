package dev.parley.gateway.admission;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * Capacity meters: the limit, the slots in use (held + live) and held, and refused calls by transport and reason.
 * Headroom = limit - used; {@code parley.gateway.calls.active} counts the running call sessions.
 */
@Singleton
public class AdmissionMetrics {
    /** The gateway had no free slot. */
    public static final String FULL = "full";
    /** A backend (stt, dialogue, tts) refused the call's stream at its start with RESOURCE_EXHAUSTED. */
    public static final String BACKEND_FULL = "backend-full";
    /** The gateway is shutting down: its live calls finish, new ones go to another instance. */
    public static final String DRAINING = "draining";

    private final MeterRegistry registry;

    public AdmissionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void watch(CallAdmission admission) {
        Gauge.builder("parley.gateway.capacity.limit", admission, CallAdmission::capacity)
                .description("Calls this gateway serves at once (parley.capacity.max-calls)").register(registry);
        Gauge.builder("parley.gateway.capacity.used", admission, CallAdmission::used)
                .description("Call slots in use: live calls plus calls accepted at a webhook awaiting their stream")
                .register(registry);
        Gauge.builder("parley.gateway.capacity.held", admission, CallAdmission::held)
                .description("Call slots held for a media stream that has not arrived yet").register(registry);
    }

    void refused(String transport, String reason) {
        registry.counter("parley.gateway.capacity.refused", "transport", transport, "reason", reason).increment();
    }

    void holdExpired(String transport) {
        registry.counter("parley.gateway.capacity.holds.expired", "transport", transport).increment();
    }

    /** Calls refused so far for this transport and reason. */
    public double refusedCount(String transport, String reason) {
        var counter = registry.find("parley.gateway.capacity.refused").tags("transport", transport, "reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
