package dev.parley.tts.session;

import dev.parley.contracts.tts.v1.SynthesizeRequest;
import dev.parley.contracts.tts.v1.SynthesizeResponse;
import dev.parley.events.EventPublisher;
import dev.parley.tts.TtsConfig;
import dev.parley.tts.engine.FallbackSynthesizer;
import dev.parley.tts.normalize.TextNormalizer;
import dev.parley.tts.phrasing.PhrasingPolicy;
import dev.parley.tts.tracing.TtsTracing;
import io.grpc.stub.ServerCallStreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;

/** Opens a {@link SynthesisSession} per gRPC stream, with the shared engines, pool, metrics and settings. */
@Singleton
public class SynthesisSessions {
    private final SynthesisSession.Shared shared;
    private final SynthesisSession.Shared uncounted;
    private final SynthesisWorkers workers;

    public SynthesisSessions(FallbackSynthesizer engines, SynthesisWorkers workers, EventPublisher events,
                             TtsMetrics metrics, TtsConfig config, TtsTracing tracing) {
        this.workers = workers;
        TtsConfig.Phrasing p = config.phrasing();
        this.shared = new SynthesisSession.Shared(engines, new TextNormalizer(), events, metrics,
                new PhrasingPolicy(p.firstClauseChars(), p.clauseChars(), p.maxChars(), p.firstPhraseMaxWaitMs()),
                config.maxTextChars(),
                config.maxChunkMs(), config.voice().orElse(null), tracing);
        this.uncounted = new SynthesisSession.Shared(engines, shared.normalizer(), event -> { },
                new TtsMetrics(new SimpleMeterRegistry()), shared.phrasing(), shared.maxTextChars(),
                shared.maxChunkMs(), shared.defaultVoice(), new TtsTracing(OpenTelemetry.noop()));
    }

    public StreamObserver<SynthesizeRequest> open(ServerCallStreamObserver<SynthesizeResponse> responses) {
        SynthesisSession session = new SynthesisSession(shared, workers.newStreamExecutor(), responses);
        responses.setOnCancelHandler(session::cancel);
        return session;
    }

    /**
     * A stream through the same path as a caller's (phrasing, normalization, engines, trimming, chunks) that
     * publishes no event and counts in no metric or trace: the warm-up's, which no tenant may be billed for.
     */
    public StreamObserver<SynthesizeRequest> openUncounted(StreamObserver<SynthesizeResponse> responses) {
        return new SynthesisSession(uncounted, workers.newStreamExecutor(), responses);
    }
}
