package dev.parley.events.delivery;

import dev.parley.events.outbox.OutboxEntry;
import dev.parley.events.outbox.OutboxRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

import static dev.parley.contracts.events.EventCodec.CONTENT_TYPE;
import static dev.parley.contracts.events.EventCodec.HEADER_SCHEMA_VERSION;
import static dev.parley.contracts.events.EventCodec.HEADER_TENANT;
import static dev.parley.contracts.events.EventCodec.HEADER_TYPE;

/**
 * Headers of an event record: the contract's ({@code event-type}, {@code tenant-id}, {@code schema-version},
 * {@code content-type}), W3C {@code traceparent} (and {@code tracestate}) of the span the event was published in, so
 * a consumer can join the event to its call's trace, and two that tie the Kafka record to the outbox record it came
 * from, so a restarted sender can tell which of its unacknowledged records the broker already has. Consumers can
 * ignore those two.
 */
public final class OutboxHeaders {
    public static final String OUTBOX_ID = "parley-outbox-id";
    public static final String OUTBOX_SEQ = "parley-outbox-seq";

    private OutboxHeaders() {
    }

    static Headers of(OutboxRecord record, String outboxId) {
        OutboxEntry entry = record.entry();
        Headers headers = new RecordHeaders();
        headers.add(HEADER_TYPE, bytes(entry.eventType()));
        if (entry.tenantId() != null) {
            headers.add(HEADER_TENANT, bytes(entry.tenantId()));
        }
        headers.add(HEADER_SCHEMA_VERSION, bytes(String.valueOf(entry.schemaVersion())));
        headers.add(CONTENT_TYPE, bytes("application/json"));
        if (entry.traceparent() != null) {
            headers.add(OutboxEntry.TRACEPARENT, bytes(entry.traceparent()));
        }
        if (entry.tracestate() != null) {
            headers.add(OutboxEntry.TRACESTATE, bytes(entry.tracestate()));
        }
        headers.add(OUTBOX_ID, bytes(outboxId));
        headers.add(OUTBOX_SEQ, bytes(String.valueOf(record.seq())));
        return headers;
    }

    static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
