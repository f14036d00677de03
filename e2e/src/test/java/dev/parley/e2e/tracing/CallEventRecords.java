package dev.parley.e2e.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A call's event records as a consumer sees them on the broker: type, turn, and the W3C trace header. */
public final class CallEventRecords {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TOPICS = List.of("parley.calls", "parley.turns", "parley.latency",
            "parley.engines");

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
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<EventRecord> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : TOPICS) {
                consumer.partitionsFor(topic, Duration.ofSeconds(10))
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (callId.equals(r.key())) {
                        records.add(parse(r));
                    }
                }
            }
        }
        return records;
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
