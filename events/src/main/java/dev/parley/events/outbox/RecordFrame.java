package dev.parley.events.outbox;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * On-disk layout of one outbox record: {@code [int bodyLength][int crc32c(body)][body]}, body =
 * {@code seq, writtenAtMs, topic, key, eventType, tenantId, schemaVersion, value, traceparent, tracestate, eventId,
 * time}; strings and the value are length-prefixed ({@code -1} = null). The checksum lets recovery cut a record torn
 * by a crash. The trace fields, then the event id and time, came later and last: a body that ends before them (an
 * outbox written before) has none.
 */
final class RecordFrame {
    static final int HEADER_BYTES = 8;
    /** Larger bodies can only come from corruption: no event is anywhere near this big. */
    static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    private RecordFrame() {
    }

    static ByteBuffer encode(long seq, long writtenAtMs, OutboxEntry entry) {
        byte[] topic = utf8(entry.topic());
        byte[] key = utf8(entry.key());
        byte[] type = utf8(entry.eventType());
        byte[] tenant = utf8(entry.tenantId());
        byte[] value = entry.value();
        byte[] traceparent = utf8(entry.traceparent());
        byte[] tracestate = utf8(entry.tracestate());
        byte[] eventId = utf8(entry.eventId());
        byte[] time = utf8(entry.time());
        int bodyLength = 8 + 8 + sized(topic) + sized(key) + sized(type) + sized(tenant) + 4 + sized(value)
                + sized(traceparent) + sized(tracestate) + sized(eventId) + sized(time);
        ByteBuffer frame = ByteBuffer.allocate(HEADER_BYTES + bodyLength);
        frame.putInt(bodyLength).putInt(0);
        frame.putLong(seq).putLong(writtenAtMs);
        putSized(frame, topic);
        putSized(frame, key);
        putSized(frame, type);
        putSized(frame, tenant);
        frame.putInt(entry.schemaVersion());
        putSized(frame, value);
        putSized(frame, traceparent);
        putSized(frame, tracestate);
        putSized(frame, eventId);
        putSized(frame, time);
        frame.putInt(4, checksum(frame.array(), HEADER_BYTES, bodyLength));
        return frame.flip();
    }

    /** A record read from a segment and where the next frame starts. */
    record Read(OutboxRecord record, long nextPosition) {
    }

    /** The frame at {@code position}, or null when the bytes before {@code end} are not a whole, intact frame. */
    static Read readAt(FileChannel channel, long position, long end) throws IOException {
        if (end - position < HEADER_BYTES) {
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        readFully(channel, header, position);
        int bodyLength = header.getInt(0);
        int crc = header.getInt(4);
        if (bodyLength <= 0 || bodyLength > MAX_BODY_BYTES || end - position - HEADER_BYTES < bodyLength) {
            return null;
        }
        ByteBuffer body = ByteBuffer.allocate(bodyLength);
        readFully(channel, body, position + HEADER_BYTES);
        body.flip();
        if (!checksumMatches(body, crc)) {
            return null;
        }
        return new Read(decode(body), position + HEADER_BYTES + bodyLength);
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new EOFException("segment ends inside a record at " + at);
            }
            at += n;
        }
    }

    static boolean checksumMatches(ByteBuffer body, int expected) {
        return checksum(body.array(), body.arrayOffset(), body.limit()) == expected;
    }

    static OutboxRecord decode(ByteBuffer body) {
        long seq = body.getLong();
        long writtenAtMs = body.getLong();
        String topic = getString(body);
        String key = getString(body);
        String type = getString(body);
        String tenant = getString(body);
        int schemaVersion = body.getInt();
        byte[] value = getBytes(body);
        String traceparent = body.hasRemaining() ? getString(body) : null;
        String tracestate = body.hasRemaining() ? getString(body) : null;
        String eventId = body.hasRemaining() ? getString(body) : null;
        String time = body.hasRemaining() ? getString(body) : null;
        return new OutboxRecord(seq, writtenAtMs, new OutboxEntry(topic, key, type, tenant, schemaVersion, value,
                traceparent, tracestate, eventId, time));
    }

    private static int checksum(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static int sized(byte[] bytes) {
        return 4 + (bytes == null ? 0 : bytes.length);
    }

    private static void putSized(ByteBuffer buffer, byte[] bytes) {
        if (bytes == null) {
            buffer.putInt(-1);
        } else {
            buffer.putInt(bytes.length).put(bytes);
        }
    }

    private static byte[] getBytes(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }

    private static String getString(ByteBuffer buffer) {
        byte[] bytes = getBytes(buffer);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
