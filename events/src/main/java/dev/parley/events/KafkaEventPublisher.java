package dev.parley.events;

import dev.parley.contracts.events.CallEvent;
import dev.parley.events.delivery.KafkaSender;
import dev.parley.events.outbox.Outbox;
import io.opentelemetry.context.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes call events to Kafka through a durable local outbox.
 * <p>
 * {@link #publish} only offers the event to a bounded queue and returns: it never blocks and never throws because
 * of Kafka. A writer thread appends queued events to the outbox on disk (fsync per batch); a sender thread delivers
 * them in order with an idempotent producer (key = call id, contract headers, and the W3C trace context that was
 * current when the event was published) and checkpoints what the broker
 * acknowledged. While Kafka is unreachable events accumulate on disk, bounded in size, and are delivered once it is
 * back; after a restart the outbox's undelivered events go first. Records the broker got but whose acknowledgement
 * was lost in a crash are recognized by their outbox headers and not sent twice.
 */
public final class KafkaEventPublisher implements EventPublisher, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventPublisher.class);

    private final EventPublisherSettings settings;
    private final Outbox outbox;
    private final BlockingQueue<PublishedEvent> queue;
    private final OutboxWriter writer;
    private final KafkaSender sender;
    private final Thread writerThread;
    private final Thread senderThread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /** @throws UncheckedIOException when the outbox directory cannot be used */
    public KafkaEventPublisher(EventPublisherSettings settings) {
        this.settings = settings;
        try {
            this.outbox = Outbox.open(settings.outboxDir(), settings.segmentBytes(), settings.maxOutboxBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the event outbox in " + settings.outboxDir(), e);
        }
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.sender = new KafkaSender(outbox, settings.delivery());
        this.writer = new OutboxWriter(outbox, queue, sender::wakeUp);
        this.senderThread = daemon(sender, "parley-events-sender");
        this.writerThread = daemon(writer, "parley-events-outbox-writer");
        long pending = outbox.durableSeq() - outbox.ackedSeq();
        if (pending > 0) {
            LOG.info("event outbox {} holds {} undelivered events from before; delivering them first",
                    settings.outboxDir(), pending);
        }
        senderThread.start();
        writerThread.start();
    }

    @Override
    public void publish(CallEvent event) {
        if (event == null) {
            return;
        }
        // Counted before the hand-over, so stats() never sees an event stored that was not accepted.
        accepted.incrementAndGet();
        if (closed.get() || !queue.offer(new PublishedEvent(event, Context.current()))) {
            accepted.decrementAndGet();
            long count = refused.incrementAndGet();
            if (count == 1 || count % 1000 == 0) {
                LOG.error("{} events refused: {}", count, closed.get() ? "publisher closed"
                        : "hand-over queue full (" + settings.queueCapacity() + "); the outbox disk is too slow");
            }
        }
    }

    public PublisherStats stats() {
        // Read the writer's counters before accepted: an event is never counted as stored but not accepted.
        long stored = writer.storedCount();
        long refusedByWriter = writer.refusedCount();
        long notYetStored = accepted.get() - stored - refusedByWriter;
        return new PublisherStats(accepted.get(), refused.get() + refusedByWriter, stored,
                sender.deliveredCount(), sender.alreadyDeliveredCount(), sender.undeliverableCount(),
                notYetStored + outbox.durableSeq() - sender.ackedSeq(), outbox.sizeBytes());
    }

    /**
     * Stores what is queued, delivers what it can within the close timeout, and leaves the rest in the outbox for
     * the next start.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long timeoutMs = settings.closeTimeout().toMillis();
        writer.stop();
        join(writerThread, timeoutMs);
        sender.stop(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs));
        join(senderThread, timeoutMs + settings.delivery().clientTimeout().toMillis() + 1000);
        if (writerThread.isAlive() || senderThread.isAlive()) {
            LOG.warn("event publisher threads did not stop in time; the outbox stays open until exit");
            return;
        }
        try {
            outbox.close();
        } catch (IOException e) {
            LOG.warn("closing the event outbox", e);
        }
        PublisherStats stats = stats();
        LOG.info("event publisher closed: {} delivered, {} left in the outbox for the next start",
                stats.delivered(), stats.pending());
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        // Never keeps the JVM alive: what is not delivered at exit is on disk.
        thread.setDaemon(true);
        return thread;
    }

    private static void join(Thread thread, long timeoutMs) {
        try {
            thread.join(timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
