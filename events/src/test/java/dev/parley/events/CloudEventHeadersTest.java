package dev.parley.events;

import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.EventCodec;
import dev.parley.events.outbox.Outbox;
import dev.parley.events.outbox.OutboxReader;
import dev.parley.events.outbox.OutboxRecord;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CloudEvents (Kafka binding, binary mode) headers of published records, as a consumer reads them back. */
class CloudEventHeadersTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SOURCE = "/parley/test-service";
    private static TestKafka kafka;

    @TempDir
    Path outboxDir;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = TestKafka.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void everyRecordCarriesItsCloudEventAttributesBesideTheTraceContext() {
        PublishedEvents events = new PublishedEvents();
        String traceparent = "00-" + hex(32) + "-" + hex(16) + "-01";
        try (KafkaEventPublisher publisher = publisher(kafka.bootstrapServers());
             Scope ignored = Context.root().with(spanOf(traceparent)).makeCurrent()) {
            events.calls(0, 2, 3).forEach(publisher::publish);
            List<ConsumerRecord<String, byte[]>> records = read(events);

            assertEquals(events.count(), records.size());
            Set<String> ids = new HashSet<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                CallEvent event = EventCodec.decode(record.value());
                assertEquals("1.0", header(record, "ce_specversion"));
                assertEquals(SOURCE, header(record, "ce_source"));
                assertEquals("dev.parley." + event.type(), header(record, "ce_type"));
                assertEquals("https://parley.dev/schemas/events/" + event.type() + ".schema.json",
                        header(record, "ce_dataschema"));
                // RFC 3339, and the event's own time rather than the send time.
                assertEquals(event.timestamp(), OffsetDateTime.parse(header(record, "ce_time")).toInstant());
                assertEquals("application/json", header(record, "content-type"));
                UUID.fromString(header(record, "ce_id"));
                assertTrue(ids.add(header(record, "ce_id")), "ids are unique: " + header(record, "ce_id"));
                // Existing headers stay as they were.
                assertEquals(traceparent, header(record, "traceparent"));
                assertEquals(event.type(), header(record, "event-type"));
                assertEquals(event.callId(), record.key());
            }
        }
    }

    /**
     * The id is drawn when the event is published and stored with it in the outbox, so the send that happens only
     * after a restart (and any re-send) carries the id the event had on disk, and a consumer can deduplicate by it.
     */
    @Test
    void anEventDeliveredAfterARestartCarriesTheIdItWasStoredWith() throws Exception {
        PublishedEvents events = new PublishedEvents();
        try (KafkaEventPublisher before = publisher("localhost:" + TcpProxy.freePort())) {
            events.calls(0, 2, 3).forEach(before::publish);
            await(() -> before.stats().stored() == events.count());
        }
        Map<Long, String> storedIds = new HashMap<>();
        try (Outbox outbox = Outbox.open(outboxDir, 16L * 1024 * 1024, 1024L * 1024 * 1024);
             OutboxReader reader = outbox.openReader(1)) {
            for (OutboxRecord record = reader.next(); record != null; record = reader.next()) {
                storedIds.put(record.seq(), record.entry().eventId());
            }
        }
        assertEquals(events.count(), storedIds.size());

        try (KafkaEventPublisher after = publisher(kafka.bootstrapServers())) {
            List<ConsumerRecord<String, byte[]>> records = read(events);
            assertEquals(events.count(), records.size());
            for (ConsumerRecord<String, byte[]> record : records) {
                long seq = Long.parseLong(header(record, "parley-outbox-seq"));
                assertNotNull(storedIds.get(seq));
                assertEquals(storedIds.get(seq), header(record, "ce_id"), "seq " + seq);
            }
        }
    }

    private KafkaEventPublisher publisher(String bootstrapServers) {
        return new KafkaEventPublisher(EventPublisherSettings.builder(bootstrapServers, outboxDir)
                .clientId("test")
                .source(SOURCE)
                .timeouts(Duration.ofSeconds(2), Duration.ofMillis(200))
                .closeTimeout(Duration.ofSeconds(2))
                .build());
    }

    private static List<ConsumerRecord<String, byte[]>> read(PublishedEvents events) {
        return TopicReader.readAll(kafka.bootstrapServers(), events::isOurs, events.count(), WAIT);
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for the events on disk");
            }
            TopicReader.sleep(50);
        }
    }

    private static Span spanOf(String traceparent) {
        String[] parts = traceparent.split("-");
        return Span.wrap(SpanContext.create(parts[1], parts[2], TraceFlags.getSampled(), TraceState.getDefault()));
    }

    private static String hex(int digits) {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, digits);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
