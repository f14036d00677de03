package dev.parley.events.delivery;

import dev.parley.contracts.events.EventSchemas;
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
 * {@code content-type}); the CloudEvents attributes of the Kafka protocol binding in binary content mode
 * ({@code ce_specversion}, {@code ce_id}, {@code ce_source}, {@code ce_type}, {@code ce_time}, {@code ce_dataschema};
 * the value is the event's JSON, {@code content-type} its data content type); W3C {@code traceparent} (and
 * {@code tracestate}) of the span the event was published in, so a consumer can join the event to its call's trace;
 * and two that tie the Kafka record to the outbox record it came from, so a restarted sender can tell which of its
 * unacknowledged records the broker already has. Consumers can ignore those two.
 */
public final class OutboxHeaders {
    public static final String OUTBOX_ID = "parley-outbox-id";
    public static final String OUTBOX_SEQ = "parley-outbox-seq";
    public static final String CE_SPECVERSION = "ce_specversion";
    public static final String CE_ID = "ce_id";
    public static final String CE_SOURCE = "ce_source";
    public static final String CE_TYPE = "ce_type";
    public static final String CE_TIME = "ce_time";
    public static final String CE_DATASCHEMA = "ce_dataschema";

    private OutboxHeaders() {
    }

    static Headers of(OutboxRecord record, String outboxId, String source) {
        OutboxEntry entry = record.entry();
        Headers headers = new RecordHeaders();
        headers.add(HEADER_TYPE, bytes(entry.eventType()));
        if (entry.tenantId() != null) {
            headers.add(HEADER_TENANT, bytes(entry.tenantId()));
        }
        headers.add(HEADER_SCHEMA_VERSION, bytes(String.valueOf(entry.schemaVersion())));
        headers.add(CONTENT_TYPE, bytes("application/json"));
        headers.add(CE_SPECVERSION, bytes("1.0"));
        headers.add(CE_ID, bytes(cloudEventId(record, outboxId)));
        headers.add(CE_SOURCE, bytes(source));
        headers.add(CE_TYPE, bytes(EventSchemas.CLOUD_EVENT_TYPE_PREFIX + entry.eventType()));
        if (entry.time() != null) {
            headers.add(CE_TIME, bytes(entry.time()));
        }
        headers.add(CE_DATASCHEMA, bytes(EventSchemas.id(entry.eventType())));
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

    /**
     * The id stored with the event; for an entry stored before ids existed, one derived from where it sits in this
     * outbox, which is as stable: the outbox id survives restarts and a sequence number is never reused.
     */
    static String cloudEventId(OutboxRecord record, String outboxId) {
        String stored = record.entry().eventId();
        return stored != null ? stored : outboxId + ":" + record.seq();
    }

    static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
