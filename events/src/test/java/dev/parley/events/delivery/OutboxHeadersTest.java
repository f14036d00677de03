package dev.parley.events.delivery;

import dev.parley.contracts.events.CallStarted;
import dev.parley.events.outbox.OutboxEntry;
import dev.parley.events.outbox.OutboxRecord;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class OutboxHeadersTest {

    @Test
    void theCloudEventIdIsTheStoredOneOrForOlderEntriesTheOutboxPosition() {
        OutboxEntry published = OutboxEntry.of(new CallStarted("acme", "CA1",
                Instant.parse("2026-12-06T10:15:30.123Z"), "twilio", "+1555", "+1666"));
        Headers headers = OutboxHeaders.of(new OutboxRecord(42, 0, published), "outbox-a", "/parley/media-gateway");
        assertEquals(published.eventId(), OutboxHeaders.text(headers, OutboxHeaders.CE_ID));
        assertEquals("2026-12-06T10:15:30.123Z", OutboxHeaders.text(headers, OutboxHeaders.CE_TIME));
        assertEquals("dev.parley.call.started", OutboxHeaders.text(headers, OutboxHeaders.CE_TYPE));
        assertEquals("/parley/media-gateway", OutboxHeaders.text(headers, OutboxHeaders.CE_SOURCE));

        // Stored by a publisher from before ids and times were kept.
        OutboxEntry older = new OutboxEntry("parley.calls", "CA1", "call.started", "acme", 1, new byte[0]);
        Headers olderHeaders = OutboxHeaders.of(new OutboxRecord(42, 0, older), "outbox-a", "/parley/media-gateway");
        assertEquals("outbox-a:42", OutboxHeaders.text(olderHeaders, OutboxHeaders.CE_ID));
        assertNull(OutboxHeaders.text(olderHeaders, OutboxHeaders.CE_TIME), "no time rather than a wrong one");
        assertEquals("1.0", OutboxHeaders.text(olderHeaders, OutboxHeaders.CE_SPECVERSION));
    }
}
