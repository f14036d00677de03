package dev.parley.e2e.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.events.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A call's event records as a consumer sees them on the broker: type, turn, and the W3C trace header. */
public final class CallEventRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record: {@code turnId} -1 when the event has none; {@code traceparent} null when it has no header. */
    public record EventRecord(String type, long turnId, String traceparent) {
        public String traceId() {
            return traceparent == null ? null : traceparent.split("-")[1];
        }

        public String spanId() {
            return traceparent == null ? null : traceparent.split("-")[2];
        }
    }

    private CallEventRecords() {
    }

    /** Every record keyed by {@code callId} on the event topics, read from the beginning to their current end. */
    public static List<EventRecord> read(String bootstrapServers, String callId) {
        return TopicReader.readToEnd(bootstrapServers, r -> callId.equals(r.key())).stream()
                .map(CallEventRecords::parse)
                .toList();
    }

    private static EventRecord parse(ConsumerRecord<String, byte[]> r) {
        try {
            JsonNode value = JSON.readTree(r.value());
            return new EventRecord(value.path("type").asText(), value.path("turnId").asLong(-1),
                    header(r, "traceparent"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
