package dev.parley.gateway.recording;

import dev.parley.contracts.redaction.RedactionPolicy;
import dev.parley.gateway.failover.HeldPrompts;
import dev.parley.gateway.tenant.Tenant;
import dev.parley.gateway.tenant.TenantDirectory;
import dev.parley.gateway.tenant.TenantRecording;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Decides at a call's start whether it is recorded (its tenant's tenant.yaml {@code recording.enabled}) and gives it a
 * {@link CallRecorder} writing to {@code parley.recordings.dir}. A recorded call starts with the tenant's consent
 * announcement; a call whose announcement is not held yet (TTS was down, the text just changed) is not recorded,
 * counted, and the announcement is synthesized for the next call: no recording without the caller having been told.
 */
@Singleton
public class Recordings {
    private static final Logger LOG = Logger.getLogger(Recordings.class);
    private static final long FINISH_ON_STOP_S = 10;

    private final LocalRecordingStore store;
    private final TenantDirectory tenants;
    private final HeldPrompts prompts;
    private final RecordingMetrics metrics;
    /** One thread for every call's writes: each call's in order, none of them on a call's event loop. */
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "parley-recording-writer");
        t.setDaemon(true);
        return t;
    });

    public Recordings(@ConfigProperty(name = "parley.recordings.dir", defaultValue = "recordings") Path root,
                      TenantDirectory tenants, HeldPrompts prompts, RecordingMetrics metrics) {
        this.store = new LocalRecordingStore(root);
        this.tenants = tenants;
        this.prompts = prompts;
        this.metrics = metrics;
    }

    public RecordingStore store() {
        return store;
    }

    /** The recording of a call that starts now, or {@link CallRecording#NONE}. */
    public CallRecording start(String tenantId, String callId, String voice) {
        Optional<TenantRecording> config = tenants.byId(tenantId).flatMap(Tenant::recording)
                .filter(TenantRecording::enabled);
        if (config.isEmpty()) {
            return CallRecording.NONE;
        }
        if (!RecordingIds.valid(tenantId)) {
            LOG.warnf("tenant=%s: a tenant id unsafe as a folder name: this call is not recorded", tenantId);
            metrics.skipped("unsafe-id");
            return CallRecording.NONE;
        }
        Optional<byte[]> consent = prompts.line(voice, config.get().consent());
        if (consent.isEmpty()) {
            LOG.warnf("tenant=%s call=%s: the consent announcement is not synthesized yet: this call is not recorded",
                    tenantId, callId);
            metrics.skipped("consent-not-ready");
            return CallRecording.NONE;
        }
        boolean redacts = tenants.byId(tenantId).map(Tenant::redaction).filter(RedactionPolicy::enabled).isPresent();
        return new CallRecorder(store, tenantId, callId, consent.get(), System::nanoTime, writer, metrics, redacts);
    }

    /** Synthesizes every recorded tenant's consent announcement now (warm-up); blocks. Returns how many are held. */
    public int prepareConsents() {
        int ready = 0;
        for (Tenant tenant : tenants.all()) {
            Optional<TenantRecording> recording = tenant.recording().filter(TenantRecording::enabled);
            if (recording.isPresent() && prompts.prepare(tenant.voice(), recording.get().consent())) {
                ready++;
            }
        }
        return ready;
    }

    /** Lets the recordings of calls that just ended be finished before the process exits. */
    @PreDestroy
    void stop() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(FINISH_ON_STOP_S, TimeUnit.SECONDS)) {
                LOG.warn("recordings still being written at shutdown are left as .part files");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
