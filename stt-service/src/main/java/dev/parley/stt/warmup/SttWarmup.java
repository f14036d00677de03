package dev.parley.stt.warmup;

import dev.parley.audio.Resampler;
import dev.parley.contracts.serving.ServingHealth;
import dev.parley.stt.SttConfig;
import dev.parley.stt.engines.SttEngines;
import dev.parley.stt.metrics.SttMetrics;
import dev.parley.stt.session.WorkerPool;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Warms the recognition path before the service reports ready: the first call after a start would otherwise pay
 * for the decoder touching its model for the first time and for the JIT compiling the per-chunk code. Streams a
 * spoken sentence several times at 16 kHz (the gateway's rate) and once at 8 kHz, on a thread of its own so the
 * HTTP port (health, metrics) is up meanwhile. Bounded by {@code parley.warmup.timeout}: past it, or on a failure,
 * the service is ready anyway (it serves, only cold) and the log says why.
 */
@Singleton
public class SttWarmup {
    private static final Logger LOG = Logger.getLogger(SttWarmup.class);

    /** What one warm-up did: per stream, its rate and what was recognized. */
    public record Report(String audioSource, List<String> transcripts, long millis) {
    }

    private final SttEngines engines;
    private final WorkerPool pool;
    private final SttMetrics metrics;
    private final SttConfig config;
    private final boolean enabled;
    private final Duration timeout;
    private final int rounds;
    private final String flite;
    private final String sentence;
    private final ServingHealth serving;
    private volatile WarmupStatus status = WarmupStatus.warming();

    SttWarmup(SttEngines engines, WorkerPool pool, SttMetrics metrics, SttConfig config, ServingHealth serving,
              @ConfigProperty(name = "parley.warmup.enabled", defaultValue = "true") boolean enabled,
              @ConfigProperty(name = "parley.warmup.timeout", defaultValue = "60s") Duration timeout,
              @ConfigProperty(name = "parley.warmup.rounds", defaultValue = "3") int rounds,
              @ConfigProperty(name = "parley.warmup.flite", defaultValue = "flite") String flite,
              @ConfigProperty(name = "parley.warmup.sentence") String sentence) {
        this.engines = engines;
        this.serving = serving;
        this.pool = pool;
        this.metrics = metrics;
        this.config = config;
        this.enabled = enabled;
        this.timeout = timeout;
        this.rounds = Math.max(1, rounds);
        this.flite = flite;
        this.sentence = sentence;
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            status = new WarmupStatus(WarmupStatus.State.DISABLED, "disabled (parley.warmup.enabled=false)", 0);
            return;
        }
        serving.warming();
        Thread thread = new Thread(this::warmUp, "stt-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    public WarmupStatus status() {
        return status;
    }

    private void warmUp() {
        long started = System.nanoTime();
        try {
            Report report = run(timeout);
            status = new WarmupStatus(WarmupStatus.State.DONE, report.transcripts().size() + " streams of "
                    + report.audioSource() + " speech, heard \"" + report.transcripts().get(0) + "\"", report.millis());
            LOG.infof("stt warm-up done in %d ms: %d streams of %s speech, recognized %s", report.millis(),
                    report.transcripts().size(), report.audioSource(), report.transcripts());
        } catch (Exception e) {
            long ms = (System.nanoTime() - started) / 1_000_000;
            String why = e instanceof TimeoutException ? "timed out after " + timeout.toSeconds() + " s" : e.toString();
            status = new WarmupStatus(WarmupStatus.State.FAILED, why + "; serving cold", ms);
            LOG.errorf("stt warm-up failed after %d ms (%s): the service is ready but its first call runs cold", ms,
                    why);
        } finally {
            serving.warm();
        }
    }

    /** Runs the warm-up streams now, within {@code budget}; throws if the engine fails or time runs out. */
    public Report run(Duration budget) throws InterruptedException, TimeoutException {
        long started = System.nanoTime();
        long deadline = started + budget.toNanos();
        if (!engines.recognizer().ready()) {
            throw new IllegalStateException("no engine is ready to warm up");
        }
        WarmupSpeech.Audio audio = WarmupSpeech.make(flite, sentence);
        short[] narrow = Resampler.convert(audio.pcm16k(), WarmupSpeech.RATE, 8_000);
        WarmupStream stream = new WarmupStream(engines.recognizer(), pool, metrics, config.requestWindow(),
                config.maxStreams());
        List<String> heard = new ArrayList<>();
        for (int i = 0; i <= rounds; i++) {
            boolean phone = i == rounds;
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative()) {
                throw new TimeoutException("warm-up budget spent");
            }
            heard.add(stream.recognize("warmup-" + (i + 1), phone ? narrow : audio.pcm16k(), phone ? 8_000
                    : WarmupSpeech.RATE, left));
        }
        return new Report(audio.source(), List.copyOf(heard), (System.nanoTime() - started) / 1_000_000);
    }
}
