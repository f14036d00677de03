package dev.parley.events.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A durable, append-only queue of events in a local directory: segment files named by the sequence number of their
 * first record, plus a checkpoint of what is resolved. Segments whose records are all resolved are deleted.
 * <p>
 * One writer thread calls {@link #append}; one sender thread reads with {@link #openReader} and calls
 * {@link #commit}. A file lock keeps a second publisher (in this or another process) out of the directory.
 */
public final class Outbox implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final String SEGMENT_SUFFIX = ".seg";
    private static final String LOCK_FILE = "outbox.lock";

    private final Path dir;
    private final String id;
    private final long segmentBytes;
    private final long maxBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final OutboxCheckpoint checkpoint;
    private final ConcurrentSkipListMap<Long, Path> segments = new ConcurrentSkipListMap<>();
    private final AtomicLong totalBytes = new AtomicLong();
    private volatile long ackedSeq;
    private volatile long durableSeq;

    // Writer-thread state.
    private FileChannel active;
    private long activeSize;
    private long nextSeq;

    private Outbox(Path dir, String id, long segmentBytes, long maxBytes, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.id = id;
        this.segmentBytes = segmentBytes;
        this.maxBytes = maxBytes;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.checkpoint = new OutboxCheckpoint(dir);
    }

    /**
     * Opens (or creates) the outbox in {@code dir}, cutting a record torn by a crash off the last segment.
     *
     * @param segmentBytes size after which a new segment file is started
     * @param maxBytes     bound on the outbox's disk use; appends beyond it are refused
     */
    public static Outbox open(Path dir, long segmentBytes, long maxBytes) throws IOException {
        Files.createDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("outbox " + dir + " is in use by another publisher");
        }
        try {
            Outbox outbox = new Outbox(dir, OutboxId.readOrCreate(dir), segmentBytes, maxBytes, lockChannel, lock);
            outbox.recover();
            return outbox;
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    /** Stable identity of this outbox, written on every record so a restarted sender recognizes its own. */
    public String id() {
        return id;
    }

    public Path directory() {
        return dir;
    }

    /** Every record up to this one is resolved (delivered or given up). */
    public long ackedSeq() {
        return ackedSeq;
    }

    /** The last record written and fsync'd; records up to it can be read. */
    public long durableSeq() {
        return durableSeq;
    }

    public long sizeBytes() {
        return totalBytes.get();
    }

    /**
     * Writes the entries and fsyncs them as one batch. Returns how many were stored: entries that would grow the
     * outbox past its size bound are refused. On an I/O error nothing of this batch is kept.
     */
    public int append(List<OutboxEntry> entries) throws IOException {
        if (activeSize >= segmentBytes) {
            roll();
        }
        long now = System.currentTimeMillis();
        long startSize = activeSize;
        long startSeq = nextSeq;
        long bytesBefore = totalBytes.get();
        int stored = 0;
        try {
            for (OutboxEntry entry : entries) {
                ByteBuffer frame = RecordFrame.encode(nextSeq, now, entry);
                if (bytesBefore + (activeSize - startSize) + frame.remaining() > maxBytes) {
                    continue;
                }
                while (frame.hasRemaining()) {
                    active.write(frame);
                }
                activeSize += frame.capacity();
                nextSeq++;
                stored++;
            }
            if (stored > 0) {
                active.force(false);
            }
        } catch (IOException e) {
            nextSeq = startSeq;
            activeSize = startSize;
            try {
                active.truncate(startSize);
                active.position(startSize);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        totalBytes.addAndGet(activeSize - startSize);
        durableSeq = nextSeq - 1;
        return stored;
    }

    /** Records that everything up to {@code seq} is resolved and deletes segments no longer needed. */
    public synchronized void commit(long seq) throws IOException {
        if (seq <= ackedSeq) {
            return;
        }
        checkpoint.write(seq);
        ackedSeq = seq;
        deleteResolvedSegments();
    }

    /** A reader positioned at {@code fromSeq}. */
    public OutboxReader openReader(long fromSeq) {
        return new OutboxReader(this, fromSeq);
    }

    @Override
    public void close() throws IOException {
        try {
            if (active != null) {
                active.force(false);
                active.close();
            }
        } finally {
            lock.release();
            lockChannel.close();
        }
    }

    Path segmentContaining(long seq) {
        Map.Entry<Long, Path> entry = segments.floorEntry(seq);
        return entry == null ? null : entry.getValue();
    }

    Path segmentStartingAt(long seq) {
        return segments.get(seq);
    }

    /** First sequence number of the segment after the one holding {@code seq}, or null if that is the last. */
    Long firstSeqAfter(long seq) {
        return segments.higherKey(seq);
    }

    private void recover() throws IOException {
        ackedSeq = checkpoint.read();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SEGMENT_SUFFIX)) {
            for (Path file : files) {
                segments.put(firstSeqOf(file), file);
                totalBytes.addAndGet(Files.size(file));
            }
        }
        long lastSeq = ackedSeq;
        if (!segments.isEmpty()) {
            lastSeq = recoverLastSegment(segments.lastEntry());
        }
        nextSeq = Math.max(lastSeq, ackedSeq) + 1;
        if (active == null || lastSeq < ackedSeq) {
            // No segment yet, or the checkpoint is past the last record: start a segment where writing resumes.
            if (active != null) {
                active.close();
            }
            openSegment(nextSeq);
        }
        durableSeq = nextSeq - 1;
        deleteResolvedSegments();
    }

    /** Validates the last segment record by record, cuts anything after the last intact one, returns its seq. */
    private long recoverLastSegment(Map.Entry<Long, Path> last) throws IOException {
        long lastSeq = last.getKey() - 1;
        long validEnd = 0;
        FileChannel channel = FileChannel.open(last.getValue(), StandardOpenOption.READ, StandardOpenOption.WRITE);
        long size = channel.size();
        RecordFrame.Read read;
        while ((read = RecordFrame.readAt(channel, validEnd, size)) != null && read.record().seq() == lastSeq + 1) {
            lastSeq++;
            validEnd = read.nextPosition();
        }
        if (validEnd < size) {
            LOG.warn("outbox {}: cutting {} bytes of an incomplete record off {}", dir, size - validEnd,
                    last.getValue().getFileName());
            channel.truncate(validEnd);
            channel.force(true);
            totalBytes.addAndGet(validEnd - size);
        }
        channel.position(validEnd);
        active = channel;
        activeSize = validEnd;
        return lastSeq;
    }

    private void roll() throws IOException {
        FileChannel previous = active;
        previous.force(false);
        openSegment(nextSeq);
        previous.close();
    }

    private void openSegment(long firstSeq) throws IOException {
        Path path = dir.resolve(String.format("%020d%s", firstSeq, SEGMENT_SUFFIX));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        totalBytes.addAndGet(-channel.size());
        channel.truncate(0);
        syncDirectory();
        active = channel;
        activeSize = 0;
        segments.put(firstSeq, path);
    }

    /** Segments are deleted oldest first once the next segment starts at or below the checkpoint + 1. */
    private synchronized void deleteResolvedSegments() throws IOException {
        for (Map.Entry<Long, Path> segment : segments.entrySet()) {
            Long next = segments.higherKey(segment.getKey());
            if (next == null || next - 1 > ackedSeq) {
                return;
            }
            long size = Files.size(segment.getValue());
            Files.deleteIfExists(segment.getValue());
            segments.remove(segment.getKey());
            totalBytes.addAndGet(-size);
        }
    }

    /** Makes a newly created segment's directory entry durable (a no-op where directories cannot be opened). */
    private void syncDirectory() {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            LOG.debug("cannot fsync directory {}: {}", dir, e.toString());
        }
    }

    private static long firstSeqOf(Path file) throws IOException {
        String name = file.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.length() - SEGMENT_SUFFIX.length()));
        } catch (NumberFormatException e) {
            throw new IOException("not an outbox segment name: " + file, e);
        }
    }
}
