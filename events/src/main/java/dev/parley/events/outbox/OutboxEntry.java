package dev.parley.events.outbox;

import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.EventCodec;
import dev.parley.contracts.events.Topics;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One event as it will be sent to Kafka: everything the record needs (topic, key, headers, value), so the sender
 * never has to decode the event again. {@code key} (call id) and {@code tenantId} may be null; so may the W3C trace
 * context ({@code traceparent}, {@code tracestate}) of the span the event was published in, when there was none.
 * {@code eventId} (the CloudEvents id, drawn once when the event is published) and {@code time} (the event's
 * timestamp, RFC 3339) are stored with the entry, so every send of it, retries and replays after a restart
 * included, carries the same id; both are null in entries stored before they existed.
 */
public record OutboxEntry(String topic, String key, String eventType, String tenantId, int schemaVersion,
                          byte[] value, String traceparent, String tracestate, String eventId, String time) {
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    /** An entry published outside any trace. */
    public OutboxEntry(String topic, String key, String eventType, String tenantId, int schemaVersion, byte[] value) {
        this(topic, key, eventType, tenantId, schemaVersion, value, null, null);
    }

    /** An entry without an event id and time (as stored before they existed). */
    public OutboxEntry(String topic, String key, String eventType, String tenantId, int schemaVersion, byte[] value,
                       String traceparent, String tracestate) {
        this(topic, key, eventType, tenantId, schemaVersion, value, traceparent, tracestate, null, null);
    }

    public static OutboxEntry of(CallEvent event) {
        return of(event, Context.root());
    }

    /** {@code event} as published within {@code trace} (the context current when it was published). */
    public static OutboxEntry of(CallEvent event, Context trace) {
        Map<String, String> w3c = new HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(trace, w3c, Map::put);
        return new OutboxEntry(Topics.topicOf(event), event.callId(), event.type(), event.tenantId(),
                event.schemaVersion(), EventCodec.encode(event), w3c.get(TRACEPARENT), w3c.get(TRACESTATE),
                UUID.randomUUID().toString(), event.timestamp() == null ? null : event.timestamp().toString());
    }
}
