package dev.parley.events;

import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.EventCodec;
import dev.parley.contracts.events.Topics;
import dev.parley.events.outbox.Outbox;
import dev.parley.events.outbox.OutboxReader;
import dev.parley.events.outbox.OutboxRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What the publisher does without any broker: keep every event on disk, in order, ready to send. */
class KafkaEventPublisherOfflineTest {

    @TempDir
    Path outboxDir;

    @Test
    void withoutABrokerEveryEventIsKeptOnDiskInOrder() throws IOException {
        PublishedEvents events = new PublishedEvents();
        List<CallEvent> published = events.calls(0, 10, 48);
        try (KafkaEventPublisher publisher = publisher()) {
            published.forEach(publisher::publish);
        }
        try (Outbox outbox = Outbox.open(outboxDir, 1024 * 1024, 1024 * 1024 * 1024);
             OutboxReader reader = outbox.openReader(outbox.ackedSeq() + 1)) {
            assertEquals(0, outbox.ackedSeq());
            assertEquals(published.size(), outbox.durableSeq());
            for (CallEvent event : published) {
                OutboxRecord record = reader.next();
                assertEquals(Topics.topicOf(event), record.entry().topic());
                assertEquals(event.callId(), record.entry().key());
                assertEquals(event.type(), record.entry().eventType());
                assertEquals(event.tenantId(), record.entry().tenantId());
                assertEquals(event, EventCodec.decode(record.entry().value()));
            }
            assertNull(reader.next());
        }
    }

    @Test
    void publishingAfterCloseIsRefusedNotThrown() {
        KafkaEventPublisher publisher = publisher();
        publisher.close();
        new PublishedEvents().calls(0, 1, 1).forEach(publisher::publish);
        publisher.publish(null);

        assertEquals(3, publisher.stats().refused());
        assertEquals(0, publisher.stats().accepted());
    }

    private KafkaEventPublisher publisher() {
        // Port 1 on localhost: nothing listens there.
        return new KafkaEventPublisher(EventPublisherSettings.builder("localhost:1", outboxDir)
                .timeouts(Duration.ofMillis(500), Duration.ofMillis(100))
                .closeTimeout(Duration.ofMillis(500))
                .build());
    }
}
