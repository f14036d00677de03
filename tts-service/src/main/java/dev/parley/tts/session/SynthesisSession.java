package dev.parley.tts.session;

import dev.parley.audio.Resampler;
import dev.parley.contracts.events.EngineFallback;
import dev.parley.contracts.events.SpeechSynthesized;
import dev.parley.contracts.tts.v1.AudioChunk;
import dev.parley.contracts.tts.v1.SynthesisConfig;
import dev.parley.contracts.tts.v1.SynthesisDone;
import dev.parley.contracts.tts.v1.SynthesizeRequest;
import dev.parley.contracts.tts.v1.SynthesizeResponse;
import dev.parley.events.EventPublisher;
import dev.parley.tts.audio.LeadingSilence;
import dev.parley.tts.engine.FallbackSynthesizer;
import dev.parley.tts.engine.SynthesisException;
import dev.parley.tts.engine.SynthesizedAudio;
import dev.parley.tts.normalize.NormalizedText;
import dev.parley.tts.normalize.TextNormalizer;
import dev.parley.tts.phrasing.Phrase;
import dev.parley.tts.phrasing.Phraser;
import dev.parley.tts.phrasing.PhrasingPolicy;
import dev.parley.tts.tracing.TtsTracing;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One agent utterance: text pieces in, phrase audio out as soon as each phrase is complete. gRPC callbacks only
 * enqueue; all state below is touched by this stream's serial executor on the synthesis pool, one task at a time.
 * A cancel (barge-in) stops before the next phrase, drops audio still being made and sends nothing more.
 */
final class SynthesisSession implements StreamObserver<SynthesizeRequest> {
    private static final Logger LOG = Logger.getLogger(SynthesisSession.class);

    /** What every session shares. */
    record Shared(FallbackSynthesizer engines, TextNormalizer normalizer, EventPublisher events, TtsMetrics metrics,
                  PhrasingPolicy phrasing, int maxTextChars, int maxChunkMs, String defaultVoice,
                  TtsTracing tracing) {
    }

    private final Shared shared;
    private final Executor serial;
    private final StreamObserver<SynthesizeResponse> out;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger receivedChars = new AtomicInteger();

    // Serial-executor state.
    private SynthesisConfig config;
    private String voice;
    private Phraser phraser;
    private Span span;
    private boolean ended;
    private int audiblePhrases;
    private int pendingStart = -1;
    private long audioMs;
    private int characters;
    private long firstTextNanos = -1;
    private long firstAudioNanos = -1;
    private final Map<String, Integer> charactersByEngine = new HashMap<>();

    /** Opened only once its stream holds a slot (see {@link TtsMetrics#tryOpenStream}); {@code close} frees it. */
    SynthesisSession(Shared shared, Executor serial, StreamObserver<SynthesizeResponse> out) {
        this.shared = shared;
        this.serial = serial;
        this.out = out;
    }

    @Override
    public void onNext(SynthesizeRequest request) {
        if (isStopped()) {
            return;
        }
        if (request.hasText() && receivedChars.addAndGet(request.getText().length()) > shared.maxTextChars()) {
            serial.execute(() -> fail(Status.INVALID_ARGUMENT.withDescription(
                    "utterance longer than " + shared.maxTextChars() + " characters")));
            return;
        }
        serial.execute(() -> guarded(() -> handle(request)));
    }

    @Override
    public void onError(Throwable t) {
        cancel();
    }

    /** The client half-closed: whatever text came is the whole utterance. */
    @Override
    public void onCompleted() {
        serial.execute(() -> guarded(this::endOfText));
    }

    /** The client cancelled the stream (barge-in) or it broke. */
    void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            serial.execute(() -> close("cancelled"));
        }
    }

    private boolean isStopped() {
        return cancelled.get() || closed.get();
    }

    private void handle(SynthesizeRequest request) {
        switch (request.getMsgCase()) {
            case CONFIG:
                configure(request.getConfig());
                break;
            case TEXT:
                text(request.getText());
                break;
            case END:
                endOfText();
                break;
            default:
                fail(Status.INVALID_ARGUMENT.withDescription("empty SynthesizeRequest (no config, text or end)"));
        }
    }

    private void configure(SynthesisConfig c) {
        if (config != null) {
            fail(Status.INVALID_ARGUMENT.withDescription("SynthesisConfig sent twice"));
            return;
        }
        if (c.getSampleRateHz() != 8000 && c.getSampleRateHz() != 16000) {
            fail(Status.INVALID_ARGUMENT.withDescription(
                    "sample_rate_hz must be 8000 or 16000, got " + c.getSampleRateHz()));
            return;
        }
        String requested = c.getVoice().isEmpty() ? shared.defaultVoice() : c.getVoice();
        if (requested != null && !shared.engines().voices().contains(requested)) {
            fail(Status.INVALID_ARGUMENT.withDescription(
                    "unknown voice '" + requested + "'; available: " + shared.engines().voices()));
            return;
        }
        config = c;
        voice = requested;
        span = shared.tracing().started(c, requested);
        phraser = new Phraser(shared.phrasing());
    }

    private void text(String piece) {
        if (!configured() || endedAlready() || piece.isEmpty()) {
            return;
        }
        if (firstTextNanos < 0) {
            firstTextNanos = System.nanoTime();
        }
        for (Phrase p : phraser.append(piece)) {
            speak(p);
        }
    }

    private void endOfText() {
        if (isStopped() || ended) {
            return; // EndOfText followed by a half-close: already done
        }
        if (!configured()) {
            return;
        }
        ended = true;
        for (Phrase p : phraser.finish()) {
            speak(p);
        }
        if (isStopped()) {
            return;
        }
        out.onNext(SynthesizeResponse.newBuilder()
                .setDone(SynthesisDone.newBuilder().setPhrases(audiblePhrases).setAudioMs(audioMs)).build());
        out.onCompleted();
        close("completed");
    }

    private boolean configured() {
        if (config == null) {
            fail(Status.INVALID_ARGUMENT.withDescription("the first message must be a SynthesisConfig"));
            return false;
        }
        return true;
    }

    private boolean endedAlready() {
        if (ended) {
            fail(Status.INVALID_ARGUMENT.withDescription("text after EndOfText"));
            return true;
        }
        return false;
    }

    /** Synthesizes and sends one phrase, trimmed by {@link LeadingSilence}; a silent one's text joins the next span. */
    private void speak(Phrase phrase) {
        if (isStopped()) {
            return;
        }
        NormalizedText spoken = shared.normalizer().normalize(phraser.text(), phrase.start(), phrase.end());
        int start = pendingStart >= 0 ? pendingStart : phrase.start();
        if (spoken.isSilent()) {
            pendingStart = start;
            return;
        }
        pendingStart = -1;
        long t0 = System.nanoTime();
        SynthesizedAudio audio;
        try {
            audio = shared.engines().synthesize(spoken.spoken(), voice, this::onFallback);
        } catch (SynthesisException e) {
            fail(Status.UNAVAILABLE.withDescription("speech synthesis failed: " + e.getMessage()));
            return;
        }
        shared.metrics().phrase(audio.engine(), System.nanoTime() - t0);
        if (isStopped()) {
            return; // cancelled while this phrase was being made: the caller must not hear it
        }
        int rate = config.getSampleRateHz();
        short[] pcm = LeadingSilence.trim(Resampler.convert(audio.samples(), audio.sampleRate(), rate), rate,
                audiblePhrases == 0);
        if (pcm.length == 0) {
            pendingStart = start; // nothing audible opens the reply: no silent chunk, its text goes with the next
            return;
        }
        for (AudioChunk chunk : AudioChunks.of(pcm, rate, shared.maxChunkMs(), start, phrase.end(), audiblePhrases,
                audio.engine())) {
            out.onNext(SynthesizeResponse.newBuilder().setAudio(chunk).build());
        }
        if (firstAudioNanos < 0) {
            firstAudioNanos = System.nanoTime();
            TtsTracing.firstAudio(span, audio.engine());
            shared.metrics().firstAudio(firstAudioNanos - firstTextNanos);
        }
        audiblePhrases++;
        audioMs += (long) pcm.length * 1000 / rate;
        characters += phrase.end() - start;
        charactersByEngine.merge(audio.engine(), phrase.end() - start, Integer::sum);
    }

    private void onFallback(String failed, String next, String error) {
        shared.metrics().fallback(failed, next == null ? "none" : next);
        LOG.warnf("tenant=%s call=%s: TTS engine %s failed (%s), next: %s", config.getTenantId(), config.getCallId(),
                failed, error, next);
        try (Scope ignored = span.makeCurrent()) {
            shared.events().publish(new EngineFallback(config.getTenantId(), config.getCallId(), Instant.now(),
                    "tts", failed, next == null ? "none" : next, error));
        }
    }

    private void fail(Status status) {
        if (isStopped()) {
            return;
        }
        out.onError(status.asRuntimeException());
        close(status.getCode() == Status.Code.INVALID_ARGUMENT ? "rejected" : "failed");
    }

    /** Runs a task unless the stream is over; a bug in it fails this stream only. */
    private void guarded(Runnable task) {
        if (isStopped()) {
            return;
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "tenant=%s call=%s: TTS stream failed", config == null ? "?" : config.getTenantId(),
                    config == null ? "?" : config.getCallId());
            fail(Status.INTERNAL.withDescription("tts-service error: " + e));
        }
    }

    /** Releases the stream once, and publishes what it cost (unless it never got a valid config). */
    private void close(String outcome) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        shared.metrics().streamClosed();
        shared.metrics().utterance(outcome);
        if (config != null) {
            try (Scope ignored = span.makeCurrent()) {
                shared.events().publish(new SpeechSynthesized(config.getTenantId(), config.getCallId(),
                        Instant.now(), config.getTurnId(), mainEngine(), characters, audioMs,
                        firstAudioNanos < 0 ? -1 : (firstAudioNanos - firstTextNanos) / 1_000_000,
                        !outcome.equals("completed")));
            }
            TtsTracing.ended(span, outcome, mainEngine(), audiblePhrases, characters, audioMs);
        }
        phraser = null;
    }

    /** The engine that spoke most of the utterance. */
    private String mainEngine() {
        return charactersByEngine.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(shared.engines().engines().get(0).name());
    }
}
