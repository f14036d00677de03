package dev.parley.events;

import dev.parley.events.outbox.Outbox;
import dev.parley.events.outbox.OutboxEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The thread that moves published events from the hand-over queue to the outbox: it takes whatever has queued up,
 * writes it and fsyncs once per batch (group commit), so the fsync cost is shared by all events of the batch.
 */
final class OutboxWriter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxWriter.class);
    private static final int MAX_BATCH = 1024;
    private static final int ATTEMPTS_WHEN_STOPPING = 3;

    private final Outbox outbox;
    private final BlockingQueue<PublishedEvent> queue;
    private final Runnable onStored;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean stopping;

    OutboxWriter(Outbox outbox, BlockingQueue<PublishedEvent> queue, Runnable onStored) {
        this.outbox = outbox;
        this.queue = queue;
        this.onStored = onStored;
    }

    /** Writes what is queued, then stops. */
    void stop() {
        stopping = true;
    }

    long storedCount() {
        return stored.get();
    }

    long refusedCount() {
        return refused.get();
    }

    @Override
    public void run() {
        List<PublishedEvent> batch = new ArrayList<>(MAX_BATCH);
        List<OutboxEntry> entries = new ArrayList<>(MAX_BATCH);
        while (!stopping || !queue.isEmpty()) {
            PublishedEvent first;
            try {
                first = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                stopping = true;
                continue;
            }
            if (first == null) {
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            for (PublishedEvent published : batch) {
                try {
                    entries.add(OutboxEntry.of(published.event(), published.trace()));
                } catch (RuntimeException e) {
                    countRefused(1, "cannot encode " + published.event().getClass().getSimpleName() + ": " + e);
                }
            }
            store(entries);
            batch.clear();
            entries.clear();
        }
    }

    private void store(List<OutboxEntry> entries) {
        for (int attempt = 1; ; attempt++) {
            try {
                int written = outbox.append(entries);
                stored.addAndGet(written);
                if (written < entries.size()) {
                    countRefused(entries.size() - written, "the outbox reached its size bound ("
                            + outbox.sizeBytes() + " bytes); is Kafka down for long?");
                }
                onStored.run();
                return;
            } catch (IOException e) {
                if (stopping && attempt >= ATTEMPTS_WHEN_STOPPING) {
                    countRefused(entries.size(), "cannot write the outbox: " + e);
                    return;
                }
                if (attempt == 1) {
                    LOG.error("cannot write {} events to the outbox; retrying", entries.size(), e);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.min(5_000, 100L << Math.min(attempt, 6))));
            }
        }
    }

    private void countRefused(int count, String why) {
        long before = refused.getAndAdd(count);
        // The first refusal and then one in a thousand: a dead disk must not flood the log.
        if (before == 0 || before / 1000 != (before + count) / 1000) {
            LOG.error("{} events refused so far; latest because {}", before + count, why);
        }
    }
}
