package dev.parley.events;

import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.EventCodec;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The publisher against a real in-process KRaft broker, including outages and restarts. */
class KafkaEventPublisherTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
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
    void eventsArriveInOrderKeyedByCallWithTheContractHeaders() {
        PublishedEvents events = new PublishedEvents();
        try (KafkaEventPublisher publisher = publisher(kafka.bootstrapServers())) {
            events.calls(0, 5, 20).forEach(publisher::publish);
            List<ConsumerRecord<String, byte[]>> records = read(events);

            assertEquals(events.count(), records.size());
            assertEquals(events.expectedStreams(), PublishedEvents.streamsOf(records));
            for (ConsumerRecord<String, byte[]> record : records) {
                CallEvent event = EventCodec.decode(record.value());
                assertEquals(event.callId(), record.key());
                assertEquals(event.type(), header(record, EventCodec.HEADER_TYPE));
                assertEquals(events.tenant, header(record, EventCodec.HEADER_TENANT));
                assertEquals("1", header(record, EventCodec.HEADER_SCHEMA_VERSION));
                assertEquals("application/json", header(record, EventCodec.CONTENT_TYPE));
            }
            awaitAllResolved(publisher);
            assertEquals(events.count(), publisher.stats().delivered());
        }
    }

    @Test
    void eventsPublishedWhileKafkaIsDownAreDeliveredOnceWhenItIsUp() throws Exception {
        PublishedEvents events = new PublishedEvents();
        kafka.proxy().stop();
        try (KafkaEventPublisher publisher = publisher(kafka.bootstrapServers())) {
            events.calls(0, 4, 10).forEach(publisher::publish);
            await(() -> publisher.stats().stored() == events.count(), "events on disk");
            assertEquals(0, publisher.stats().delivered());
            assertEquals(events.count(), publisher.stats().pending());

            kafka.proxy().start();
            List<ConsumerRecord<String, byte[]>> records = read(events);
            assertEquals(events.count(), records.size());
            assertEquals(events.expectedStreams(), PublishedEvents.streamsOf(records));
            awaitAllResolved(publisher);
        } finally {
            kafka.proxy().start();
        }
    }

    @Test
    void anOutageInTheMiddleOfAStreamLosesAndDuplicatesNothing() throws Exception {
        PublishedEvents events = new PublishedEvents();
        try (KafkaEventPublisher publisher = publisher(kafka.bootstrapServers())) {
            events.calls(0, 3, 10).forEach(publisher::publish);
            kafka.proxy().stop();
            events.calls(3, 3, 10).forEach(publisher::publish);
            await(() -> publisher.stats().stored() == events.count(), "events on disk");
            kafka.proxy().start();

            List<ConsumerRecord<String, byte[]>> records = read(events);
            assertEquals(events.count(), records.size());
            assertEquals(events.expectedStreams(), PublishedEvents.streamsOf(records));
            awaitAllResolved(publisher);
        } finally {
            kafka.proxy().start();
        }
    }

    @Test
    void eventsLeftInTheOutboxAreDeliveredFirstAfterARestart() throws Exception {
        PublishedEvents events = new PublishedEvents();
        String nothingListening = "localhost:" + TcpProxy.freePort();
        try (KafkaEventPublisher before = publisher(nothingListening)) {
            events.calls(0, 3, 5).forEach(before::publish);
            await(() -> before.stats().stored() == events.count(), "events on disk");
        }
        int leftOver = events.count();
        try (KafkaEventPublisher after = publisher(kafka.bootstrapServers())) {
            events.calls(3, 3, 5).forEach(after::publish);
            List<ConsumerRecord<String, byte[]>> records = read(events);

            assertEquals(events.count(), records.size());
            assertEquals(events.expectedStreams(), PublishedEvents.streamsOf(records));
            // Record timestamps are the producer's send times.
            long lastLeftOverSentAt = records.stream()
                    .filter(r -> seqOf(r) <= leftOver).mapToLong(ConsumerRecord::timestamp).max().orElseThrow();
            long firstNewSentAt = records.stream()
                    .filter(r -> seqOf(r) > leftOver).mapToLong(ConsumerRecord::timestamp).min().orElseThrow();
            assertTrue(lastLeftOverSentAt <= firstNewSentAt, "left-over events are sent before new ones");
            awaitAllResolved(after);
            assertEquals(events.count(), after.stats().delivered());
        }
    }

    @Test
    void recordsTheBrokerGotButWhoseAckWasLostAreNotSentAgain() throws Exception {
        PublishedEvents events = new PublishedEvents();
        try (KafkaEventPublisher before = publisher(kafka.bootstrapServers())) {
            events.calls(0, 4, 5).forEach(before::publish);
            awaitAllResolved(before);
            assertEquals(events.count(), before.stats().delivered());
        }
        int deliveredBefore = events.count();
        // As if the process had died after the broker acknowledged but before the checkpoint was written.
        Files.writeString(outboxDir.resolve("checkpoint"), "0\n", StandardCharsets.US_ASCII);

        try (KafkaEventPublisher after = publisher(kafka.bootstrapServers())) {
            events.calls(4, 2, 5).forEach(after::publish);
            awaitAllResolved(after);
            List<ConsumerRecord<String, byte[]>> records = read(events);

            assertEquals(events.count(), records.size(), "no event twice");
            assertEquals(events.expectedStreams(), PublishedEvents.streamsOf(records));
            assertEquals(deliveredBefore, after.stats().alreadyDelivered());
            assertEquals(events.count() - deliveredBefore, after.stats().delivered());
        }
    }

    @Test
    void eachRecordCarriesTheTraceContextItWasPublishedInAcrossAnOutageAndARestart() throws Exception {
        PublishedEvents events = new PublishedEvents();
        List<CallEvent> calls = events.calls(0, 3, 4);
        String nothingListening = "localhost:" + TcpProxy.freePort();
        Map<String, String> traceparentByCall = new HashMap<>();
        try (KafkaEventPublisher before = publisher(nothingListening)) {
            for (CallEvent event : calls) {
                // Each call's events in that call's own span, as the services publish them; the last call in none.
                if (event.callId().endsWith("-call-2")) {
                    before.publish(event);
                    continue;
                }
                String traceparent = traceparentByCall.computeIfAbsent(event.callId(), id -> newTraceparent());
                try (Scope ignored = Context.root().with(spanOf(traceparent)).makeCurrent()) {
                    before.publish(event);
                }
            }
            await(() -> before.stats().stored() == events.count(), "events on disk");
        }
        try (KafkaEventPublisher after = publisher(kafka.bootstrapServers())) {
            List<ConsumerRecord<String, byte[]>> records = read(events);
            assertEquals(events.count(), records.size());
            for (ConsumerRecord<String, byte[]> record : records) {
                assertEquals(traceparentByCall.get(record.key()), header(record, "traceparent"), record.key());
                assertEquals(record.key().endsWith("-call-2") ? null : "parley=t1", header(record, "tracestate"));
            }
            awaitAllResolved(after);
        }
    }

    private static String newTraceparent() {
        String hex = UUID.randomUUID().toString().replace("-", "");
        return "00-" + hex + "-" + hex.substring(0, 16) + "-01";
    }

    private static Span spanOf(String traceparent) {
        String[] parts = traceparent.split("-");
        return Span.wrap(SpanContext.create(parts[1], parts[2], TraceFlags.getSampled(),
                TraceState.builder().put("parley", "t1").build()));
    }

    private KafkaEventPublisher publisher(String bootstrapServers) {
        return new KafkaEventPublisher(EventPublisherSettings.builder(bootstrapServers, outboxDir)
                .clientId("test")
                .timeouts(Duration.ofSeconds(2), Duration.ofMillis(200))
                .closeTimeout(Duration.ofSeconds(2))
                .build());
    }

    private static List<ConsumerRecord<String, byte[]>> read(PublishedEvents events) {
        Predicate<ConsumerRecord<String, byte[]>> ours = events::isOurs;
        return TopicReader.readAll(kafka.bootstrapServers(), ours, events.count(), WAIT);
    }

    private static void awaitAllResolved(KafkaEventPublisher publisher) {
        await(() -> publisher.stats().pending() == 0, "all events resolved");
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            TopicReader.sleep(50);
        }
    }

    private static long seqOf(ConsumerRecord<String, byte[]> record) {
        return Long.parseLong(header(record, "parley-outbox-seq"));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
