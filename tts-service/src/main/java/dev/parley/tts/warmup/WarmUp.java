package dev.parley.tts.warmup;

import dev.parley.contracts.serving.ServingHealth;
import dev.parley.contracts.tts.v1.EndOfText;
import dev.parley.contracts.tts.v1.SynthesisConfig;
import dev.parley.contracts.tts.v1.SynthesizeRequest;
import dev.parley.contracts.tts.v1.SynthesizeResponse;
import dev.parley.tts.TtsConfig;
import dev.parley.tts.engine.FallbackSynthesizer;
import dev.parley.tts.engine.SpeechSynthesizer;
import dev.parley.tts.session.SynthesisSessions;
import io.grpc.stub.StreamObserver;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The first utterances after a start pay for JIT compilation, class loading and the engines' first-use costs; the
 * warm-up pays them before readiness lets a caller in. Each engine speaks a few agent replies (streamed in pieces,
 * with numbers, a date, an amount) through the same session path a call uses, uncounted, on a background thread so
 * startup is not held up. Readiness ({@link #state()}) is DOWN while it runs; afterwards UP if any engine spoke.
 */
@Singleton
public class WarmUp {
    private static final Logger LOG = Logger.getLogger(WarmUp.class);
    static final List<String> REPLY = List.of("Sure, let me check that ", "for you. Your order 1234 ships on ",
            "March 5th at 9 am, and the total comes to $5.99.", " Is there anything else?");

    private final FallbackSynthesizer engines;
    private final Function<StreamObserver<SynthesizeResponse>, StreamObserver<SynthesizeRequest>> opener;
    private final Map<String, String> voices;
    private final int rounds;
    private final Duration timeout;
    private volatile WarmUpState state = WarmUpState.warming();

    @Inject
    public WarmUp(FallbackSynthesizer engines, SynthesisSessions sessions, TtsConfig config) {
        this(engines, sessions::openUncounted, Map.of("festival", config.festival().voice(),
                "flite", config.flite().voice()), config.warmUp().rounds(), config.warmUp().timeout());
        if (!config.warmUp().enabled()) {
            state = WarmUpState.disabled();
        }
    }

    /** {@code voices}: each engine's default voice, so each engine is asked to speak first in its own turn. */
    public WarmUp(FallbackSynthesizer engines,
                  Function<StreamObserver<SynthesizeResponse>, StreamObserver<SynthesizeRequest>> opener,
                  Map<String, String> voices, int rounds, Duration timeout) {
        this.engines = engines;
        this.opener = opener;
        this.voices = voices;
        this.rounds = rounds;
        this.timeout = timeout;
    }

    void onStart(@Observes StartupEvent startup, ServingHealth serving) {
        if (state.phase() == WarmUpState.Phase.DISABLED) {
            LOG.info("TTS warm-up disabled (parley.tts.warmup.enabled=false): ready without it");
            return;
        }
        serving.warming();
        Thread t = new Thread(() -> {
            // As readiness: with no engine that spoke, gateways keep sending their streams elsewhere.
            if (run().ready()) {
                serving.warm();
            }
        }, "tts-warm-up");
        t.setDaemon(true);
        t.start();
    }

    public WarmUpState state() {
        return state;
    }

    /** Runs the warm-up on the calling thread, within the timeout, and returns (and publishes) its outcome. */
    public WarmUpState run() {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        Map<String, String> results = new LinkedHashMap<>();
        for (SpeechSynthesizer engine : engines.engines()) {
            results.put(engine.name(), engine.isAvailable() ? warm(engine.name(), deadline) : "unavailable");
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        state = WarmUpState.finished(results, ms);
        if (state.ready()) {
            LOG.infof("TTS warm-up took %d ms (%d utterances per engine): %s", ms, rounds, results);
        } else {
            LOG.errorf("TTS warm-up ended after %d ms with no engine warm, not ready: %s", ms, results);
        }
        return state;
    }

    /**
     * "warm" if at least one round was spoken wholly by the engine (a first synthesis on a cold, busy machine may
     * time out and be spoken by the fallback: that is what the warm-up is for), else why not. Each round is one
     * reply through the session path, in this engine's voice.
     */
    private String warm(String engine, long deadline) {
        String voice = voices.get(engine);
        String problem = null;
        int spoken = 0;
        for (int round = 0; round < rounds; round++) {
            if (System.nanoTime() >= deadline) {
                problem = "not warmed: the warm-up's time ran out after " + round + " rounds";
                break;
            }
            Reply reply = new Reply();
            StreamObserver<SynthesizeRequest> stream = opener.apply(reply);
            stream.onNext(SynthesizeRequest.newBuilder().setConfig(SynthesisConfig.newBuilder().setTenantId("warm-up")
                    .setCallId("warm-up-" + engine + "-" + round).setSampleRateHz(8000)
                    .setVoice(voice == null ? "" : voice)).build());
            REPLY.forEach(piece -> stream.onNext(SynthesizeRequest.newBuilder().setText(piece).build()));
            stream.onNext(SynthesizeRequest.newBuilder().setEnd(EndOfText.getDefaultInstance()).build());
            String outcome = reply.await(engine, deadline);
            if (outcome == null) {
                spoken++;
            } else {
                stream.onError(new CancellationException("warm-up round over")); // stops anything still queued
                problem = outcome;
            }
        }
        if (spoken > 0 && problem != null) {
            LOG.infof("TTS warm-up: %s spoke %d of %d rounds; the others: %s", engine, spoken, rounds, problem);
        }
        return spoken > 0 ? WarmUpState.WARM : problem;
    }

    /** What one warm-up utterance came to. */
    private static final class Reply implements StreamObserver<SynthesizeResponse> {
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final Map<String, Integer> chunksByEngine = new LinkedHashMap<>();

        @Override
        public synchronized void onNext(SynthesizeResponse response) {
            if (response.hasAudio()) {
                chunksByEngine.merge(response.getAudio().getEngine(), 1, Integer::sum);
            }
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
            done.complete(null);
        }

        /** null if {@code engine} spoke every chunk, else what went wrong. */
        String await(String engine, long deadline) {
            try {
                done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return "not warmed: the warm-up's time ran out";
            } catch (ExecutionException e) {
                return "failed: " + e.getCause().getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "not warmed: interrupted";
            }
            synchronized (this) {
                if (chunksByEngine.isEmpty()) {
                    return "failed: no audio";
                }
                if (chunksByEngine.size() > 1 || !chunksByEngine.containsKey(engine)) {
                    return "failed: its phrases were spoken by " + chunksByEngine.keySet()
                            + " (see the fallback warnings)";
                }
            }
            return null;
        }
    }
}
