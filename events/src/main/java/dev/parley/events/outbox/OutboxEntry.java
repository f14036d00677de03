package dev.parley.events.outbox;

import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.EventCodec;
import dev.parley.contracts.events.Topics;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;

import java.util.HashMap;
import java.util.Map;

/**
 * One event as it will be sent to Kafka: everything the record needs (topic, key, headers, value), so the sender
 * never has to decode the event again. {@code key} (call id) and {@code tenantId} may be null; so may the W3C trace
 * context ({@code traceparent}, {@code tracestate}) of the span the event was published in, when there was none.
 */
public record OutboxEntry(String topic, String key, String eventType, String tenantId, int schemaVersion,
                          byte[] value, String traceparent, String tracestate) {
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    /** An entry published outside any trace. */
    public OutboxEntry(String topic, String key, String eventType, String tenantId, int schemaVersion, byte[] value) {
        this(topic, key, eventType, tenantId, schemaVersion, value, null, null);
    }

    public static OutboxEntry of(CallEvent event) {
        return of(event, Context.root());
    }

    /** {@code event} as published within {@code trace} (the context current when it was published). */
    public static OutboxEntry of(CallEvent event, Context trace) {
        Map<String, String> w3c = new HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(trace, w3c, Map::put);
        return new OutboxEntry(Topics.topicOf(event), event.callId(), event.type(), event.tenantId(),
                event.schemaVersion(), EventCodec.encode(event), w3c.get(TRACEPARENT), w3c.get(TRACESTATE));
    }
}
