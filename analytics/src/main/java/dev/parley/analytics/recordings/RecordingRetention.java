package dev.parley.analytics.recordings;

import dev.parley.analytics.records.RecordsConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes recordings once their call started longer ago than the call records' retention
 * ({@code parley.analytics.records.retention}), every {@code parley.analytics.records.purge-interval}: a recording
 * is kept no longer than its call's record. A sweep of the volume rather than the records' purge, so a recording
 * whose record never existed (events lost) or whose erasure could not delete it is deleted too. Every replica
 * sweeps the shared volume; deleting what another replica deleted already is a no-op.
 */
@ApplicationScoped
public class RecordingRetention {
    private static final Logger LOG = Logger.getLogger(RecordingRetention.class);

    private final RecordingStore recordings;
    private final Duration retention;
    private final Duration interval;
    private ScheduledExecutorService sweeper;

    public RecordingRetention(RecordingStore recordings, RecordsConfig config) {
        this.recordings = recordings;
        this.retention = config.retention();
        this.interval = config.purgeInterval();
    }

    void start(@Observes StartupEvent started) {
        sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "recordings-retention");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    /** One sweep; a failure is logged and the next sweep tries again. */
    int sweep() {
        try {
            int deleted = recordings.deleteStartedBefore(Instant.now().minus(retention));
            if (deleted > 0) {
                LOG.infof("deleted the recordings of %d calls past retention (%s)", deleted, retention);
            }
            return deleted;
        } catch (RuntimeException e) {
            LOG.errorf("recordings retention sweep failed: %s", e.toString());
            return 0;
        }
    }
}
