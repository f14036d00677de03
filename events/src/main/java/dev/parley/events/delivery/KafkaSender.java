package dev.parley.events.delivery;

import dev.parley.events.outbox.CorruptOutboxException;
import dev.parley.events.outbox.Outbox;
import dev.parley.events.outbox.OutboxEntry;
import dev.parley.events.outbox.OutboxReader;
import dev.parley.events.outbox.OutboxRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The single thread that delivers outbox records to Kafka in sequence order. A record is resolved when the broker
 * acknowledges it (or rejects it for good); the checkpoint follows the resolved prefix. After a restart, or when a
 * producer must be replaced, records the broker already holds are found by reading the topics back
 * ({@link DeliveryReconciler}) and are not sent again.
 */
public final class KafkaSender implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSender.class);
    private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Outbox outbox;
    private final DeliverySettings settings;
    /** Resolved records above the checkpoint (acknowledgements arrive out of order across partitions). */
    private final Set<Long> resolvedAhead = new ConcurrentSkipListSet<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong undeliverable = new AtomicLong();
    private final AtomicLong alreadyDelivered = new AtomicLong();
    private volatile Thread thread;
    private volatile boolean stopping;
    private volatile long stopDeadlineNanos;
    private volatile long acked;

    // Sender-thread state.
    private OutboxReader reader;
    private OutboxRecord pending;
    private ProducerSession session;
    private boolean topicsReady;
    /** Records up to this one may already be on the broker without an acknowledgement on record. */
    private long reconcileUpTo;
    private long lastCommitNanos;
    private boolean sending;
    private Exception rejectedWhileSending;

    public KafkaSender(Outbox outbox, DeliverySettings settings) {
        this.outbox = outbox;
        this.settings = settings;
        this.acked = outbox.ackedSeq();
        this.reconcileUpTo = outbox.durableSeq();
    }

    /** Wakes the sender: new records are durable, or acknowledgements arrived. */
    public void wakeUp() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Asks the sender to deliver what it can until {@code deadlineNanos} (System.nanoTime), then stop. */
    public void stop(long deadlineNanos) {
        stopDeadlineNanos = deadlineNanos;
        stopping = true;
        wakeUp();
    }

    public long ackedSeq() {
        return acked;
    }

    public long deliveredCount() {
        return delivered.get();
    }

    public long undeliverableCount() {
        return undeliverable.get();
    }

    /** Records found on the broker after a restart or producer replacement, hence not sent again. */
    public long alreadyDeliveredCount() {
        return alreadyDelivered.get();
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        reader = outbox.openReader(acked + 1);
        try {
            while (!finished()) {
                try {
                    step();
                } catch (CorruptOutboxException e) {
                    LOG.error("{}; giving up records {}..{}", e.getMessage(), e.firstLostSeq(), e.resumeSeq() - 1);
                    for (long seq = e.firstLostSeq(); seq < e.resumeSeq(); seq++) {
                        giveUp(seq);
                    }
                    reader.seek(e.resumeSeq());
                } catch (IOException | RuntimeException e) {
                    LOG.error("event delivery failed; retrying", e);
                    pause(settings.retryBackoff());
                }
            }
        } catch (IOException e) {
            LOG.error("outbox unreadable; event delivery stopped", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("event sender interrupted; undelivered events stay in the outbox");
        } finally {
            if (session != null) {
                session.close(remainingUntilStop());
            }
            advanceCheckpoint(true);
            closeQuietly(reader);
        }
    }

    private void step() throws IOException, InterruptedException {
        advanceCheckpoint(false);
        if (session == null) {
            if (!connect()) {
                pause(settings.retryBackoff());
            }
            return;
        }
        if (session.failure() != null) {
            replaceProducer(session.failure());
            return;
        }
        if (session.inFlight.get() >= settings.maxUnackedRecords()) {
            LockSupport.parkNanos(this, IDLE_WAIT_NANOS);
            return;
        }
        if (reader.nextSeq() <= acked) {
            // Records found on the broker moved the checkpoint past the reader.
            reader.seek(acked + 1);
        }
        OutboxRecord record = pending != null ? pending : reader.next();
        if (record == null) {
            LockSupport.parkNanos(this, IDLE_WAIT_NANOS);
            return;
        }
        // Kept as pending until the producer has taken it, so no exception can make the cursor skip it.
        pending = record;
        if (record.seq() <= acked || resolvedAhead.contains(record.seq()) || send(record)) {
            pending = null;
        } else {
            pause(settings.retryBackoff());
        }
    }

    /** Topics first, then (after a restart) which pending records the broker already has, then a producer. */
    private boolean connect() throws IOException, InterruptedException {
        if (!topicsReady) {
            topicsReady = TopicInitializer.ensureTopics(settings);
            if (!topicsReady) {
                LOG.debug("Kafka at {} unreachable; events wait in the outbox", settings.bootstrapServers());
                return false;
            }
        }
        if (reconcileUpTo > acked) {
            Set<Long> found = DeliveryReconciler.findDelivered(settings, outbox.id(), acked + 1, reconcileUpTo,
                    writtenAtOf(acked + 1));
            found.forEach(this::resolve);
            alreadyDelivered.addAndGet(found.size());
            if (!found.isEmpty()) {
                LOG.info("{} outbox records were already on the broker; not sending them again", found.size());
            }
            reconcileUpTo = 0;
        }
        session = new ProducerSession(settings);
        return true;
    }

    /** Sends one record; false when the producer refused it before taking it (e.g. no metadata yet). */
    private boolean send(OutboxRecord record) {
        ProducerSession current = session;
        OutboxEntry entry = record.entry();
        long seq = record.seq();
        current.inFlight.incrementAndGet();
        rejectedWhileSending = null;
        sending = true;
        try {
            current.producer.send(new ProducerRecord<>(entry.topic(), null, entry.key(), entry.value(),
                    OutboxHeaders.of(record, outbox.id(), settings.source())), callback(current, seq));
        } catch (KafkaException e) {
            rejectedWhileSending = e;
        } catch (RuntimeException e) {
            // Not a Kafka condition but a record the client cannot take (e.g. invalid topic name): never will.
            rejectedWhileSending = new UnsendableRecordException(e);
        } finally {
            sending = false;
        }
        Exception rejected = rejectedWhileSending;
        if (rejected == null) {
            current.highestSentSeq = seq;
            return true;
        }
        current.inFlight.decrementAndGet();
        if (UndeliverableRecords.isAboutTheRecord(rejected)) {
            LOG.error("event {} (seq {}) cannot be delivered and is dropped: {}", entry.eventType(), seq,
                    rejected.toString());
            giveUp(seq);
            return true;
        }
        LOG.debug("producer refused seq {} for now: {}", seq, rejected.toString());
        return false;
    }

    private Callback callback(ProducerSession owner, long seq) {
        return (metadata, error) -> {
            if (sending && Thread.currentThread() == thread) {
                // Called from within send(): the record was refused, not appended; send() decides.
                rejectedWhileSending = error;
                return;
            }
            owner.inFlight.decrementAndGet();
            if (error == null) {
                delivered.incrementAndGet();
                resolve(seq);
            } else if (UndeliverableRecords.isAboutTheRecord(error)) {
                LOG.error("event seq {} rejected by the broker and dropped: {}", seq, error.toString());
                giveUp(seq);
            } else {
                owner.fail(error);
            }
            wakeUp();
        };
    }

    /**
     * The producer failed for good (fenced, sequence error, authorization…): records after the checkpoint may or
     * may not have reached the broker. Close it, find out which did, and resend the others in order.
     */
    private void replaceProducer(Exception failure) throws IOException {
        LOG.warn("Kafka producer failed ({}); replacing it and resending from seq {}", failure.toString(),
                acked + 1);
        ProducerSession failed = session;
        session = null;
        failed.close(Duration.ofSeconds(1));
        advanceCheckpoint(false);
        reconcileUpTo = failed.highestSentSeq;
        pending = null;
        reader.seek(acked + 1);
        pause(settings.retryBackoff());
    }

    private void resolve(long seq) {
        if (seq > acked) {
            resolvedAhead.add(seq);
        }
    }

    private void giveUp(long seq) {
        undeliverable.incrementAndGet();
        resolve(seq);
    }

    private void advanceCheckpoint(boolean force) {
        long next = acked;
        while (resolvedAhead.remove(next + 1)) {
            next++;
        }
        acked = next;
        long now = System.nanoTime();
        if (next > outbox.ackedSeq() && (force || now - lastCommitNanos >= settings.checkpointInterval().toNanos())) {
            try {
                outbox.commit(next);
                lastCommitNanos = now;
            } catch (IOException e) {
                LOG.warn("cannot write the outbox checkpoint; will retry", e);
            }
        }
    }

    private boolean finished() {
        if (!stopping) {
            return false;
        }
        boolean allResolved = pending == null && acked >= outbox.durableSeq();
        return allResolved || System.nanoTime() - stopDeadlineNanos >= 0;
    }

    private long writtenAtOf(long seq) throws IOException {
        try (OutboxReader probe = outbox.openReader(seq)) {
            OutboxRecord record = probe.next();
            return record == null ? System.currentTimeMillis() : record.writtenAtMs();
        }
    }

    private void pause(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        while (!finished() && System.nanoTime() - until < 0) {
            LockSupport.parkNanos(this, Math.min(IDLE_WAIT_NANOS, until - System.nanoTime()));
        }
    }

    private Duration remainingUntilStop() {
        long remaining = stopDeadlineNanos - System.nanoTime();
        return Duration.ofNanos(Math.max(0, remaining));
    }

    private static void closeQuietly(OutboxReader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            LOG.debug("closing the outbox reader", e);
        }
    }
}
