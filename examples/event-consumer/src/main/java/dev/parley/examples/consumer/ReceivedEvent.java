package dev.parley.examples.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * One Parley call event as read from Kafka: the CloudEvents attributes from the {@code ce_*} headers, the call id
 * from the key, the trace from the W3C {@code traceparent} header, and the JSON value as a tree.
 *
 * @param traceId null when the event was published outside any trace
 * @param data    the event itself: {@code type}, {@code tenantId}, {@code callId}, {@code timestamp} and the
 *                type's own fields (see the JSON Schemas in Parley's contracts jar, {@code schemas/events/})
 */
public record ReceivedEvent(String callId, String id, String source, String type, Instant time, String traceId,
                            String topic, int partition, long offset, JsonNode data) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @throws IllegalArgumentException when the record is not a Parley event (no JSON, no ce_id) */
    public static ReceivedEvent from(ConsumerRecord<String, byte[]> record) {
        JsonNode data;
        try {
            data = JSON.readTree(record.value());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not JSON at " + where(record), e);
        }
        String id = header(record, "ce_id");
        if (id == null || data == null || !data.isObject()) {
            throw new IllegalArgumentException("not a CloudEvent at " + where(record));
        }
        String time = header(record, "ce_time");
        return new ReceivedEvent(record.key(), id, header(record, "ce_source"),
                // ce_type is "dev.parley.<type>"; the short type is also in the value.
                data.path("type").asText(header(record, "ce_type")),
                time != null ? OffsetDateTime.parse(time).toInstant() : null,
                traceIdOf(header(record, "traceparent")),
                record.topic(), record.partition(), record.offset(), data);
    }

    /** {@code 00-<32 hex trace id>-<16 hex span id>-<flags>} → the trace id, or null. */
    static String traceIdOf(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String[] parts = traceparent.split("-");
        return parts.length == 4 && parts[1].length() == 32 ? parts[1] : null;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
