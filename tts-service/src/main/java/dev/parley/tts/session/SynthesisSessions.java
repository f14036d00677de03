package dev.parley.tts.session;

import dev.parley.contracts.tts.v1.SynthesizeRequest;
import dev.parley.contracts.tts.v1.SynthesizeResponse;
import dev.parley.events.EventPublisher;
import dev.parley.tts.TtsConfig;
import dev.parley.tts.engine.FallbackSynthesizer;
import dev.parley.tts.normalize.TextNormalizer;
import dev.parley.tts.phrasing.PhrasingPolicy;
import dev.parley.tts.tracing.TtsTracing;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Opens a {@link SynthesisSession} per gRPC stream, with the shared engines, pool, metrics and settings. Beyond
 * {@code parley.capacity.max-streams} open streams a new one is refused with RESOURCE_EXHAUSTED: past that the
 * synthesis pool cannot keep every stream ahead of real time, and a refused call is better than all calls stuttering.
 */
@Singleton
public class SynthesisSessions {
    private final SynthesisSession.Shared shared;
    private final SynthesisSession.Shared uncounted;
    private final SynthesisWorkers workers;
    private final TtsMetrics metrics;
    private final int maxStreams;

    public SynthesisSessions(FallbackSynthesizer engines, SynthesisWorkers workers, EventPublisher events,
                             TtsMetrics metrics, TtsConfig config, TtsTracing tracing,
                             @ConfigProperty(name = "parley.capacity.max-streams") int maxStreams) {
        if (maxStreams < 1) {
            throw new IllegalArgumentException("parley.capacity.max-streams must be >= 1, got " + maxStreams);
        }
        this.workers = workers;
        this.metrics = metrics;
        this.maxStreams = maxStreams;
        metrics.capacity(maxStreams);
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
        if (!metrics.tryOpenStream(maxStreams)) {
            responses.onError(Status.RESOURCE_EXHAUSTED
                    .withDescription("tts-service is serving its maximum of " + maxStreams + " streams")
                    .asRuntimeException());
            return new Refused();
        }
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

    /** Swallows the requests of a stream refused before it started. */
    private static final class Refused implements StreamObserver<SynthesizeRequest> {
        @Override
        public void onNext(SynthesizeRequest request) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }
}
