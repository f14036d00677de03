package dev.parley.analytics.ingest;

import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.EventCodec;

import java.util.List;

/**
 * Turns a raw record into a call event, or into nothing when it is not one (bad JSON, unknown type, missing tenant
 * call id or timestamp, or a key that is not the event's call id): such records are counted as skipped.
 */
public final class CallEventDecoder {
    private final String topic;
    private final SkippedRecords skipped;

    public CallEventDecoder(String topic, SkippedRecords skipped) {
        this.topic = topic;
        this.skipped = skipped;
    }

    public List<CallEvent> decode(String key, byte[] value) {
        if (value == null) {
            skipped.skip(topic, key, "no value");
            return List.of();
        }
        CallEvent event;
        try {
            event = EventCodec.decode(value);
        } catch (IllegalArgumentException e) {
            skipped.skip(topic, key, e.getMessage());
            return List.of();
        }
        if (event == null || event.tenantId() == null || event.callId() == null || event.timestamp() == null) {
            skipped.skip(topic, key, "event without tenant, call id or timestamp");
            return List.of();
        }
        if (!event.callId().equals(key)) {
            skipped.skip(topic, key, "key is not the call id " + event.callId());
            return List.of();
        }
        return List.of(event);
    }
}
