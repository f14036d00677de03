package dev.parley.events.outbox;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads outbox records in sequence order, from disk, up to the last durable one. Used by the single sender thread;
 * memory use does not depend on how many records are waiting.
 */
public final class OutboxReader implements Closeable {
    private final Outbox outbox;
    private long nextSeq;
    private FileChannel channel;
    private long position;

    OutboxReader(Outbox outbox, long fromSeq) {
        this.outbox = outbox;
        this.nextSeq = fromSeq;
    }

    /** The sequence number the next call to {@link #next} returns. */
    public long nextSeq() {
        return nextSeq;
    }

    /**
     * The next record, or null when it is not durable yet.
     *
     * @throws CorruptOutboxException when the record cannot be read; it says where reading can resume
     */
    public OutboxRecord next() throws IOException {
        if (nextSeq > outbox.durableSeq()) {
            return null;
        }
        while (true) {
            if (channel == null) {
                open(outbox.segmentContaining(nextSeq));
            }
            long size = channel.size();
            if (position >= size) {
                close();
                open(outbox.segmentStartingAt(nextSeq));
                continue;
            }
            RecordFrame.Read read = RecordFrame.readAt(channel, position, size);
            if (read == null) {
                throw corrupt("unreadable record");
            }
            position = read.nextPosition();
            long seq = read.record().seq();
            if (seq < nextSeq) {
                continue;
            }
            if (seq > nextSeq) {
                throw corrupt("records missing before seq " + seq);
            }
            nextSeq++;
            return read.record();
        }
    }

    /** Continues reading at {@code seq} (after a corrupt stretch, or to resend from the checkpoint). */
    public void seek(long seq) throws IOException {
        close();
        nextSeq = seq;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
        position = 0;
    }

    private void open(Path segment) throws IOException {
        if (segment == null) {
            throw corrupt("no segment holds it");
        }
        channel = FileChannel.open(segment, StandardOpenOption.READ);
        position = 0;
    }

    private CorruptOutboxException corrupt(String what) throws IOException {
        Long nextSegment = outbox.firstSeqAfter(nextSeq);
        long resumeSeq = nextSegment != null ? nextSegment : outbox.durableSeq() + 1;
        close();
        return new CorruptOutboxException("outbox " + outbox.directory() + ": cannot read seq " + nextSeq + ": "
                + what, nextSeq, resumeSeq);
    }
}
