package dev.parley.gateway.recording;

import dev.parley.gateway.tenant.Tenant;
import dev.parley.gateway.tenant.TenantDirectory;
import dev.parley.gateway.tenant.TenantRecording;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes each tenant's recordings once they are older than its {@code recording.retentionDays}: at startup and then
 * every {@code parley.recordings.retention-sweep} (1 h). A recording's age is the time its file was last written (the
 * call's end). Every gateway sharing the volume sweeps it; deleting what another already deleted is harmless.
 * A tenant without a {@code recording} block is left alone: there is no retention to apply.
 */
@Singleton
@Startup
public class RecordingRetention {
    private static final Logger LOG = Logger.getLogger(RecordingRetention.class);

    private final RecordingStore store;
    private final TenantDirectory tenants;
    private final RecordingMetrics metrics;
    private final Clock clock;
    private final ScheduledExecutorService sweeper;

    @Inject
    public RecordingRetention(Recordings recordings, TenantDirectory tenants, RecordingMetrics metrics,
                              @ConfigProperty(name = "parley.recordings.retention-sweep", defaultValue = "1h")
                              Duration every) {
        this(recordings.store(), tenants, metrics, Clock.systemUTC(), every);
    }

    RecordingRetention(RecordingStore store, TenantDirectory tenants, RecordingMetrics metrics, Clock clock,
                       Duration every) {
        this.store = store;
        this.tenants = tenants;
        this.metrics = metrics;
        this.clock = clock;
        if (every.isZero() || every.isNegative()) {
            this.sweeper = null;
            return;
        }
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-recording-retention");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    /** One sweep over every tenant; returns how many recordings were deleted. */
    public int sweep() {
        int deleted = 0;
        Instant now = clock.instant();
        for (Tenant tenant : tenants.all()) {
            Optional<TenantRecording> recording = tenant.recording();
            if (recording.isEmpty() || !RecordingIds.valid(tenant.id())) {
                continue;
            }
            try {
                Instant cutoff = now.minus(Duration.ofDays(recording.get().retentionDays()));
                deleted += store.deleteOlderThan(tenant.id(), cutoff);
            } catch (IOException | RuntimeException e) {
                // Next sweep tries again; one tenant's folder must not stop the others'.
                LOG.errorf("tenant=%s: recording retention sweep failed: %s", tenant.id(), e.toString());
            }
        }
        if (deleted > 0) {
            metrics.deleted(deleted);
            LOG.infof("recording retention: %d recordings deleted", deleted);
        }
        return deleted;
    }
}
