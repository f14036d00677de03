package dev.parley.gateway.warmup;

import dev.parley.gateway.vad.SileroVad;
import dev.parley.gateway.backends.LiveChannels;
import dev.parley.gateway.failover.HeldPrompts;
import dev.parley.gateway.recording.Recordings;
import dev.parley.gateway.session.CallSessions;
import dev.parley.gateway.tenant.Tenant;
import dev.parley.gateway.tenant.TenantDirectory;
import dev.parley.gateway.transport.twilio.TwilioLoopback;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Channel;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Warms the gateway before it reports ready: the caller-audio path (μ-law, resampling, Silero VAD) compiled by the
 * JIT, every live-path message built once ({@link LiveMessages}), the gRPC channels to stt, dialogue and tts
 * connected, a Twilio media stream opened to itself ({@link TwilioLoopback}), and then one call nobody made greeted
 * through them ({@link WarmupCall}), so the first call neither runs cold code nor waits for three connections. On a
 * thread of its own (health answers meanwhile). Backends that are not up yet are retried until
 * {@code parley.warmup.backends-timeout}; then the gateway is ready anyway (a channel connects on first use) and
 * readiness data and the log name the missing backend.
 */
@Singleton
public class GatewayWarmup {
    private static final Logger LOG = Logger.getLogger(GatewayWarmup.class);
    /** The warm-up call's greeting: the first synthesis of a cold TTS voice takes a few seconds at most. */
    private static final long WARMUP_CALL_TIMEOUT_MS = 15_000;

    /** What one warm-up did. */
    public record Report(AudioPathWarmup.Report audio, int liveMessages,
                         Map<String, BackendChannels.Outcome> backends, int heldPrompts, String stream,
                         WarmupCall.Outcome call, long millis) {
    }

    private final SileroVad vad;
    private final HeldPrompts prompts;
    private final TenantDirectory tenants;
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final boolean enabled;
    private final int frames;
    private final Duration backendsTimeout;
    private volatile WarmupStatus status = WarmupStatus.warming();
    @Inject
    Recordings recordings;
    @Inject
    CallSessions sessions;
    @Inject
    Vertx vertx;
    @Inject
    TwilioLoopback twilio;

    GatewayWarmup(SileroVad vad, LiveChannels live, HeldPrompts prompts, TenantDirectory tenants,
                  @ConfigProperty(name = "parley.warmup.enabled", defaultValue = "true") boolean enabled,
                  @ConfigProperty(name = "parley.warmup.vad-frames", defaultValue = "600") int frames,
                  @ConfigProperty(name = "parley.warmup.backends-timeout", defaultValue = "120s")
                  Duration backendsTimeout) {
        this.vad = vad;
        this.prompts = prompts;
        this.tenants = tenants;
        channels.put(LiveChannels.STT, live.stt());
        channels.put(LiveChannels.DIALOGUE, live.dialogue());
        channels.put(LiveChannels.TTS, live.tts());
        this.enabled = enabled;
        this.frames = frames;
        this.backendsTimeout = backendsTimeout;
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            status = new WarmupStatus(WarmupStatus.State.DISABLED, "disabled (parley.warmup.enabled=false)", 0);
            return;
        }
        Thread thread = new Thread(this::warmUp, "gateway-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    public WarmupStatus status() {
        return status;
    }

    private void warmUp() {
        long started = System.nanoTime();
        try {
            Report report = run();
            long missing = report.backends().values().stream().filter(o -> !o.connected()).count();
            String detail = report.audio().frames() + " VAD frames; " + report.liveMessages() + " live-path messages; "
                    + describe(report.backends()) + "; "
                    + report.heldPrompts() + " held prompts; " + report.stream() + "; " + report.call().detail();
            status = new WarmupStatus(missing == 0 ? WarmupStatus.State.DONE : WarmupStatus.State.FAILED, detail,
                    report.millis());
            if (missing == 0) {
                LOG.infof("gateway warm-up done in %d ms: %s", report.millis(), detail);
            } else {
                LOG.warnf("gateway warm-up done in %d ms but %d backend(s) were not reachable within %d s; their "
                        + "channels connect on first use: %s", report.millis(), missing,
                        backendsTimeout.toSeconds(), detail);
            }
        } catch (Exception e) {
            long ms = (System.nanoTime() - started) / 1_000_000;
            status = new WarmupStatus(WarmupStatus.State.FAILED, e + "; serving cold", ms);
            LOG.errorf("gateway warm-up failed after %d ms (%s): the gateway is ready but its first call runs cold",
                    ms, e);
        }
    }

    /** Runs the warm-up now; blocks until every backend answered or the backends timeout passed. */
    public Report run() throws InterruptedException {
        long started = System.nanoTime();
        AudioPathWarmup.Report audio = AudioPathWarmup.run(vad, frames);
        int messages;
        try {
            messages = LiveMessages.run();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a message the gateway wrote did not read back", e);
        }
        Map<String, BackendChannels.Outcome> backends = BackendChannels.connect(channels,
                started + backendsTimeout.toNanos());
        // The apology and goodbye the gateway plays by itself when TTS cannot, and recorded tenants' consent
        // announcements, ready before the first call.
        int held = backends.get(LiveChannels.TTS).connected()
                ? prompts.prepare(tenants.voices()) + recordings.prepareConsents() : 0;
        String stream = twilio.run(httpPort());
        WarmupCall.Outcome call = warmupCall(backends);
        return new Report(audio, messages, backends, held, stream, call,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** The port this gateway serves HTTP on (a test's is chosen at start and only then known). */
    private static int httpPort() {
        Config config = ConfigProvider.getConfig();
        return LaunchMode.current() == LaunchMode.TEST
                ? config.getValue("quarkus.http.test-port", Integer.class)
                : config.getValue("quarkus.http.port", Integer.class);
    }

    /** A greeting of the first tenant (by id) once every backend is there; a gateway without tenants has none. */
    private WarmupCall.Outcome warmupCall(Map<String, BackendChannels.Outcome> backends) throws InterruptedException {
        if (!backends.values().stream().allMatch(BackendChannels.Outcome::connected)) {
            return new WarmupCall.Outcome(false, "no warm-up call (a backend is missing)");
        }
        Optional<Tenant> tenant = tenants.all().stream().min(Comparator.comparing(Tenant::id));
        if (tenant.isEmpty()) {
            return new WarmupCall.Outcome(false, "no warm-up call (no tenant)");
        }
        return WarmupCall.run(sessions, vertx, tenant.get(), WARMUP_CALL_TIMEOUT_MS);
    }

    private static String describe(Map<String, BackendChannels.Outcome> backends) {
        StringBuilder sb = new StringBuilder();
        backends.forEach((name, o) -> sb.append(sb.length() == 0 ? "" : ", ").append(name).append(' ')
                .append(o.detail()).append(" in ").append(o.millis()).append(" ms"));
        return sb.toString();
    }
}
