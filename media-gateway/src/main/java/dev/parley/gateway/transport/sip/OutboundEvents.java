package dev.parley.gateway.transport.sip;

import dev.parley.contracts.events.OutboundCall;
import dev.parley.events.EventPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.time.Instant;

/**
 * Publishes each step of an outbound call as {@code call.outbound} and counts outcomes
 * ({@code parley_sip_outbound_total{outcome}}) and refused dial requests ({@code parley_sip_outbound_refused_total{reason}}).
 */
@Singleton
class OutboundEvents {
    static final String DIALING = "dialing";
    static final String RINGING = "ringing";
    static final String ANSWERED = "answered";
    static final String BUSY = "busy";
    static final String NO_ANSWER = "no-answer";
    static final String FAILED = "failed";

    private final EventPublisher publisher;
    private final MeterRegistry registry;

    OutboundEvents(EventPublisher publisher, MeterRegistry registry) {
        this.publisher = publisher;
        this.registry = registry;
    }

    void publish(OutboundDial dial, String status, int sipStatus, String reason) {
        publisher.publish(new OutboundCall(dial.tenantId(), dial.callId(), Instant.now(), status, dial.to(),
                dial.outbound().callerId(), sipStatus, reason, dial.parameters()));
        if (!status.equals(DIALING) && !status.equals(RINGING)) {
            Counter.builder("parley.sip.outbound").description("Outbound SIP calls, by outcome")
                    .tag("outcome", status).register(registry).increment();
        }
    }

    void refused(String reason) {
        Counter.builder("parley.sip.outbound.refused").description("Outbound dial requests refused, by reason")
                .tag("reason", reason).register(registry).increment();
    }
}
