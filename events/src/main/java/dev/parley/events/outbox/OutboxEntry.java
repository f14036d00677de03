package dev.parley.events.outbox;

import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.EventCodec;
import dev.parley.contracts.events.Topics;

/**
 * One event as it will be sent to Kafka: everything the record needs (topic, key, headers, value), so the sender
 * never has to decode the event again. {@code key} (call id) and {@code tenantId} may be null.
 */
public record OutboxEntry(String topic, String key, String eventType, String tenantId, int schemaVersion,
                          byte[] value) {

    public static OutboxEntry of(CallEvent event) {
        return new OutboxEntry(Topics.topicOf(event), event.callId(), event.type(), event.tenantId(),
                event.schemaVersion(), EventCodec.encode(event));
    }
}
