package dev.parley.gateway.outbound;

import dev.parley.contracts.events.OutboundCall;
import dev.parley.events.EventPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.time.Instant;

/**
 * Publishes each step of an outbound call as {@code call.outbound} and counts outcomes
 * ({@code parley_outbound_calls_total{outcome,via}}) and refused dial requests
 * ({@code parley_outbound_refused_total{reason,via}}), whichever route dialled: {@code via} tells them apart.
 */
@Singleton
public class OutboundEvents {
    public static final String DIALING = "dialing";
    public static final String RINGING = "ringing";
    public static final String ANSWERED = "answered";
    public static final String BUSY = "busy";
    public static final String NO_ANSWER = "no-answer";
    public static final String FAILED = "failed";

    private final EventPublisher publisher;
    private final MeterRegistry registry;

    OutboundEvents(EventPublisher publisher, MeterRegistry registry) {
        this.publisher = publisher;
        this.registry = registry;
    }

    /** @param status the carrier's status code (a SIP response, Twilio's HTTP status), 0 when there was none */
    public void publish(Dialled dial, String step, int status, String reason) {
        // Counted first: whoever reads the event finds it counted.
        if (!step.equals(DIALING) && !step.equals(RINGING)) {
            Counter.builder("parley.outbound.calls").description("Outbound calls, by outcome and route")
                    .tag("outcome", step).tag("via", dial.via()).register(registry).increment();
        }
        publisher.publish(new OutboundCall(dial.tenantId(), dial.callId(), Instant.now(), step, dial.to(),
                dial.from(), status, reason, dial.parameters()));
    }

    public void refused(String via, String reason) {
        Counter.builder("parley.outbound.refused")
                .description("Outbound dial requests refused, by reason and route")
                .tag("reason", reason).tag("via", via).register(registry).increment();
    }
}
