package dev.parley.events.outbox;

import dev.parley.contracts.events.CallStarted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxTest {
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void recordsComeBackInOrderWithEveryField() throws IOException {
        try (Outbox outbox = Outbox.open(dir, MIB, 16 * MIB)) {
            assertEquals(3, outbox.append(List.of(entry(1), entry(2), entry(3))));
            OutboxEntry withNulls = new OutboxEntry("parley.calls", null, "call.started", null, 1, new byte[0]);
            outbox.append(List.of(withNulls));
            try (OutboxReader reader = outbox.openReader(1)) {
                for (int i = 1; i <= 3; i++) {
                    OutboxRecord record = reader.next();
                    assertEquals(i, record.seq());
                    assertEquals("call-" + i, record.entry().key());
                    assertEquals("tenant-a", record.entry().tenantId());
                    assertEquals("turn.user", record.entry().eventType());
                    assertEquals(1, record.entry().schemaVersion());
                    assertArrayEquals(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), record.entry().value());
                }
                OutboxEntry last = reader.next().entry();
                assertEquals("parley.calls", last.topic());
                assertNull(last.key());
                assertNull(last.tenantId());
                assertEquals(0, last.value().length);
                assertNull(reader.next(), "nothing beyond the durable records");
            }
        }
    }

    @Test
    void theTraceContextOfAnEntryIsKeptAndOldFramesWithoutItStillRead() throws IOException {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        try (Outbox outbox = Outbox.open(dir, MIB, 16 * MIB)) {
            outbox.append(List.of(new OutboxEntry("parley.turns", "call-1", "turn.user", "tenant-a", 1, new byte[1],
                    traceparent, "vendor=x1")));
        }
        try (Outbox outbox = Outbox.open(dir, MIB, 16 * MIB); OutboxReader reader = outbox.openReader(1)) {
            OutboxEntry entry = reader.next().entry();
            assertEquals(traceparent, entry.traceparent());
            assertEquals("vendor=x1", entry.tracestate());
        }
        // A body as written before trace fields existed: it ends after the value (four null fields less).
        ByteBuffer full = RecordFrame.encode(7, 1L, entry(7));
        int oldLength = full.getInt(0) - 16;
        ByteBuffer old = ByteBuffer.wrap(full.array(), RecordFrame.HEADER_BYTES, oldLength).slice();
        OutboxRecord decoded = RecordFrame.decode(old);
        assertEquals(7, decoded.seq());
        assertEquals("call-7", decoded.entry().key());
        assertNull(decoded.entry().traceparent());
        assertNull(decoded.entry().tracestate());
    }

    @Test
    void theEventIdAndTimeAreKeptAndFramesWithoutThemStillRead() throws IOException {
        Instant at = Instant.parse("2026-12-06T10:15:30.123Z");
        OutboxEntry published = OutboxEntry.of(new CallStarted("acme", "CA1", at, "twilio", "+1555", "+1666"));
        try (Outbox outbox = Outbox.open(dir, MIB, 16 * MIB)) {
            outbox.append(List.of(published));
        }
        try (Outbox outbox = Outbox.open(dir, MIB, 16 * MIB); OutboxReader reader = outbox.openReader(1)) {
            OutboxEntry entry = reader.next().entry();
            assertEquals(36, entry.eventId().length(), "a UUID: " + entry.eventId());
            assertEquals(published.eventId(), entry.eventId());
            assertEquals("2026-12-06T10:15:30.123Z", entry.time());
        }
        assertNotEquals(published.eventId(), OutboxEntry.of(new CallStarted("acme", "CA1", at, "twilio", "+1555",
                "+1666")).eventId(), "the same event published twice is two events");
        // A body as written before the id and time existed: it ends after the trace fields.
        ByteBuffer full = RecordFrame.encode(8, 1L, entry(8));
        ByteBuffer old = ByteBuffer.wrap(full.array(), RecordFrame.HEADER_BYTES, full.getInt(0) - 8).slice();
        OutboxRecord decoded = RecordFrame.decode(old);
        assertEquals("call-8", decoded.entry().key());
        assertNull(decoded.entry().eventId());
        assertNull(decoded.entry().time());
    }

    @Test
    void reopeningContinuesTheSequenceAndKeepsTheCheckpoint() throws IOException {
        try (Outbox outbox = Outbox.open(dir, MIB, 16 * MIB)) {
            outbox.append(entries(1, 10));
            outbox.commit(4);
        }
        try (Outbox outbox = Outbox.open(dir, MIB, 16 * MIB)) {
            assertEquals(4, outbox.ackedSeq());
            assertEquals(10, outbox.durableSeq());
            outbox.append(entries(11, 12));
            assertEquals(12, outbox.durableSeq());
            assertEquals(List.of(5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L), seqsFrom(outbox, 5));
        }
    }

    @Test
    void aRecordTornByACrashIsCutOffAndItsSeqReused() throws IOException {
        try (Outbox outbox = Outbox.open(dir, MIB, 16 * MIB)) {
            outbox.append(entries(1, 5));
        }
        Path segment = segments().get(0);
        long intactSize = Files.size(segment);
        // Half a frame: a length prefix promising more bytes than follow, as a crash mid-write leaves it.
        Files.write(segment, new byte[] {0, 0, 0, 100, 1, 2, 3}, StandardOpenOption.APPEND);
        try (Outbox outbox = Outbox.open(dir, MIB, 16 * MIB)) {
            assertEquals(intactSize, Files.size(segment));
            assertEquals(5, outbox.durableSeq());
            outbox.append(entries(6, 6));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), seqsFrom(outbox, 1));
        }
    }

    @Test
    void segmentsRollAndAreDeletedOnceResolved() throws IOException {
        long segmentBytes = 4096;
        try (Outbox outbox = Outbox.open(dir, segmentBytes, 16 * MIB)) {
            for (int batch = 0; batch < 20; batch++) {
                outbox.append(entries(batch * 10 + 1, batch * 10 + 10));
            }
            int segmentsBefore = segments().size();
            assertTrue(segmentsBefore > 3, "expected several segments, got " + segmentsBefore);
            assertEquals(LongStreamList.range(1, 200), seqsFrom(outbox, 1), "reads across segment boundaries");

            long sizeBefore = outbox.sizeBytes();
            outbox.commit(150);
            assertTrue(segments().size() < segmentsBefore);
            assertTrue(outbox.sizeBytes() < sizeBefore);
            assertEquals(LongStreamList.range(151, 200), seqsFrom(outbox, 151), "unresolved records are kept");

            outbox.commit(200);
            assertEquals(1, segments().size(), "only the segment being written stays");
        }
        try (Outbox outbox = Outbox.open(dir, segmentBytes, 16 * MIB)) {
            outbox.append(entries(201, 201));
            assertEquals(List.of(201L), seqsFrom(outbox, 201));
        }
    }

    @Test
    void appendsBeyondTheSizeBoundAreRefused() throws IOException {
        try (Outbox outbox = Outbox.open(dir, 1024, 2048)) {
            int stored = 0;
            for (int i = 0; i < 100; i++) {
                stored += outbox.append(entries(i + 1, i + 1));
            }
            assertTrue(stored > 0 && stored < 100, "stored " + stored);
            assertTrue(outbox.sizeBytes() <= 2048);
            assertEquals(stored, outbox.durableSeq());
        }
    }

    @Test
    void aSecondPublisherCannotOpenTheSameOutbox() throws IOException {
        try (Outbox first = Outbox.open(dir, MIB, 16 * MIB)) {
            assertThrows(IOException.class, () -> Outbox.open(dir, MIB, 16 * MIB));
        }
    }

    @Test
    void theIdStaysTheSameAcrossRestarts() throws IOException {
        String id;
        try (Outbox outbox = Outbox.open(dir, MIB, 16 * MIB)) {
            id = outbox.id();
        }
        try (Outbox outbox = Outbox.open(dir, MIB, 16 * MIB)) {
            assertEquals(id, outbox.id());
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".seg")).sorted().collect(Collectors.toList());
        }
    }

    private static List<Long> seqsFrom(Outbox outbox, long from) throws IOException {
        List<Long> seqs = new ArrayList<>();
        try (OutboxReader reader = outbox.openReader(from)) {
            OutboxRecord record;
            while ((record = reader.next()) != null) {
                seqs.add(record.seq());
            }
        }
        return seqs;
    }

    private static List<OutboxEntry> entries(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(OutboxTest::entry).collect(Collectors.toList());
    }

    private static OutboxEntry entry(int n) {
        return new OutboxEntry("parley.turns", "call-" + n, "turn.user", "tenant-a", 1,
                ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static final class LongStreamList {
        static List<Long> range(long from, long to) {
            List<Long> list = new ArrayList<>();
            for (long i = from; i <= to; i++) {
                list.add(i);
            }
            return list;
        }
    }
}
