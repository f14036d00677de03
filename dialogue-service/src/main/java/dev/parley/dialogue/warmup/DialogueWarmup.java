package dev.parley.dialogue.warmup;

import dev.parley.contracts.serving.ServingHealth;
import dev.parley.dialogue.cache.SemanticCache;
import dev.parley.dialogue.embedding.Embedder;
import dev.parley.dialogue.tenant.TenantDirectory;
import io.grpc.Status;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;

/**
 * Warms every tenant's brain before the service reports ready: the first call after a start would otherwise pay for
 * the embedding model's first runs and for the JIT compiling intent matching, retrieval and the session code. Tenant
 * files are parsed and embedded at load already ({@code TenantDirectory}); this plays {@code rounds} warm-up calls
 * per tenant ({@link TenantScript}: greeting, knowledge question, off-script turn, a tool-free intent) and runs the
 * semantic cache over their vectors, then sends refused Converse streams over its own port ({@link GrpcLoopback}) so
 * the gRPC server side is warm too. On a thread of its own, so health and metrics answer meanwhile; bounded by
 * {@code parley.warmup.timeout}, past which (or on a failure) the service is ready anyway and the log says why.
 */
@Singleton
public class DialogueWarmup {
    private static final Logger LOG = Logger.getLogger(DialogueWarmup.class);

    /** What one warm-up did: per tenant, what the agent said in its last warm-up call (or why it was skipped). */
    public record Report(Map<String, List<String>> said, Map<String, String> notes, int calls, String loopback,
                         long millis) {
    }

    private final TenantDirectory tenants;
    private final Embedder embedder;
    private final boolean enabled;
    private final Duration timeout;
    private final int rounds;
    private final ServingHealth serving;
    private volatile WarmupStatus status = WarmupStatus.warming();

    DialogueWarmup(TenantDirectory tenants, Embedder embedder, ServingHealth serving,
                   @ConfigProperty(name = "parley.warmup.enabled", defaultValue = "true") boolean enabled,
                   @ConfigProperty(name = "parley.warmup.timeout", defaultValue = "60s") Duration timeout,
                   @ConfigProperty(name = "parley.warmup.rounds", defaultValue = "3") int rounds) {
        this.tenants = tenants;
        this.serving = serving;
        this.embedder = embedder;
        this.enabled = enabled;
        this.timeout = timeout;
        this.rounds = Math.max(1, rounds);
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            status = new WarmupStatus(WarmupStatus.State.DISABLED, "disabled (parley.warmup.enabled=false)", 0);
            return;
        }
        start();
    }

    /** Runs the warm-up in the background, readiness DOWN meanwhile (at startup; tests call it on a running service). */
    void start() {
        status = WarmupStatus.warming();
        serving.warming();
        Thread thread = new Thread(this::warmUp, "dialogue-warmup");
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
            status = new WarmupStatus(WarmupStatus.State.DONE, report.calls() + " calls over tenants "
                    + new TreeSet<>(report.said().keySet()) + (report.notes().isEmpty() ? "" : ", " + report.notes())
                    + "; gRPC loopback: " + report.loopback(), report.millis());
            LOG.infof("dialogue warm-up done in %d ms: %d calls; said %s%s; gRPC loopback: %s", report.millis(),
                    report.calls(), report.said(), report.notes().isEmpty() ? "" : "; " + report.notes(),
                    report.loopback());
        } catch (Exception e) {
            long ms = (System.nanoTime() - started) / 1_000_000;
            String why = e instanceof TimeoutException ? "timed out after " + timeout.toSeconds() + " s" : e.toString();
            status = new WarmupStatus(WarmupStatus.State.FAILED, why + "; serving cold", ms);
            LOG.errorf("dialogue warm-up failed after %d ms (%s): the service is ready but its first call runs cold",
                    ms, why);
        } finally {
            serving.warm();
        }
    }

    /** Plays the warm-up calls now, within {@code budget}; throws if a brain fails or time runs out. */
    public Report run(Duration budget) throws Exception {
        long started = System.nanoTime();
        long deadline = started + budget.toNanos();
        Map<String, List<String>> said = new LinkedHashMap<>();
        Map<String, String> notes = new LinkedHashMap<>();
        WarmupCall call = new WarmupCall(tenants);
        SemanticCache cache = new SemanticCache(0.9, 64);
        int calls = 0;
        for (String id : new TreeSet<>(tenants.tenants().keySet())) {
            TenantScript script = TenantScript.of(tenants.root().resolve(id));
            if (!script.note().isEmpty()) {
                notes.put(id, script.note());
            }
            if (!script.greets()) {
                continue;
            }
            for (int round = 1; round <= rounds; round++) {
                said.put(id, call.play(script, "warmup-" + id + "-" + round, deadline));
                calls++;
                exerciseCache(cache, script.turns(), said.get(id));
            }
        }
        return new Report(said, notes, calls, loopback(deadline), (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * The gRPC side, over this service's own port (known once the HTTP server listens; retried until then). A
     * failure here is reported, not fatal: the brains are warm and a gateway's first stream still works.
     */
    private String loopback(long deadline) throws InterruptedException {
        String last = "port unknown";
        // Quarkus writes a random port (tests use one) back as a system property once it is bound.
        String portKey = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        while (System.nanoTime() < deadline) {
            Optional<Integer> port = Optional.ofNullable(System.getProperty(portKey)).map(Integer::valueOf)
                    .or(() -> ConfigProvider.getConfig().getOptionalValue(portKey, Integer.class))
                    .filter(p -> p > 0);
            if (port.isPresent()) {
                try {
                    Status.Code answered = GrpcLoopback.run(port.get(), rounds, deadline);
                    if (answered != Status.Code.UNAVAILABLE) {
                        return "Converse answered " + answered;
                    }
                    last = "UNAVAILABLE on port " + port.get();
                } catch (Exception e) {
                    last = e.toString();
                }
            }
            Thread.sleep(200);
        }
        LOG.warnf("dialogue warm-up: gRPC loopback did not run (%s)", last);
        return "not run: " + last;
    }

    /** Looks up and stores each turn as the LLM brain's semantic cache does, so its search runs compiled too. */
    private void exerciseCache(SemanticCache cache, List<String> turns, List<String> answers) {
        List<String> questions = new ArrayList<>(turns);
        for (int i = 0; i < questions.size(); i++) {
            float[] vector = embedder.embed(questions.get(i));
            if (cache.lookup(vector).isEmpty()) {
                cache.store(questions.get(i), vector, answers.get(i + 1));
            }
        }
    }
}
