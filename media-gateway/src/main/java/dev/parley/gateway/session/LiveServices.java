package dev.parley.gateway.session;

import dev.parley.contracts.dialogue.v1.DialogueGrpc;
import dev.parley.contracts.stt.v1.SpeechToTextGrpc;
import dev.parley.contracts.tts.v1.TextToSpeechGrpc;
import dev.parley.events.EventPublisher;
import dev.parley.gateway.backends.LiveChannels;
import dev.parley.gateway.failover.HeldPrompts;
import dev.parley.gateway.recording.CallRecording;
import dev.parley.gateway.recording.Recordings;
import dev.parley.gateway.vad.SileroVad;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** The shared engines and clients every call session uses. */
@Singleton
public class LiveServices {
    /** The account a call nobody made is billed to by the backends: the gateway's own, as its held prompts are. */
    static final String OWN_ACCOUNT = HeldPrompts.ACCOUNT;
    /**
     * Spans the real SDK makes but does not sample: a call nobody made runs the span code the next call will, and the
     * backends, seeing an unsampled parent, export none of theirs either.
     */
    private static final OpenTelemetry UNSAMPLED = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().setSampler(Sampler.alwaysOff()).build()).build();

    // Plain async stubs over the live channels: the session drives each stream with StreamObservers.
    private final SpeechToTextGrpc.SpeechToTextStub stt;
    private final DialogueGrpc.DialogueStub dialogue;
    private final TextToSpeechGrpc.TextToSpeechStub tts;
    @Inject
    SileroVad vad;
    @Inject
    EventPublisher events;
    @Inject
    GatewayMetrics metrics;
    @Inject
    OpenTelemetry telemetry;
    @Inject
    HeldPrompts prompts;
    @Inject
    Recordings recordings;
    /** A call nobody made: see {@link #unreported()}. */
    private boolean warmUp;

    @Inject
    public LiveServices(LiveChannels channels) {
        this(SpeechToTextGrpc.newStub(channels.stt()), DialogueGrpc.newStub(channels.dialogue()),
                TextToSpeechGrpc.newStub(channels.tts()));
    }

    private LiveServices(SpeechToTextGrpc.SpeechToTextStub stt, DialogueGrpc.DialogueStub dialogue,
                         TextToSpeechGrpc.TextToSpeechStub tts) {
        this.stt = stt;
        this.dialogue = dialogue;
        this.tts = tts;
    }

    /**
     * The same engines and backends for a call nobody made (the gateway's warm-up call): it publishes no event, counts
     * in no metric, exports no span and is not recorded; the backends bill their work to {@link #OWN_ACCOUNT} and the
     * dialogue service is told ({@code CallStart.warmup}), so no tenant sees it.
     */
    LiveServices unreported() {
        LiveServices quiet = new LiveServices(stt, dialogue, tts);
        quiet.vad = vad;
        quiet.prompts = prompts;
        quiet.events = event -> { };
        quiet.metrics = new GatewayMetrics(new SimpleMeterRegistry());
        quiet.telemetry = UNSAMPLED;
        quiet.warmUp = true;
        return quiet;
    }

    /** Whether this is a call nobody made ({@link #unreported()}). */
    boolean warmUp() {
        return warmUp;
    }

    /** Who the backends bill a call of {@code tenantId} to. */
    String account(String tenantId) {
        return warmUp ? OWN_ACCOUNT : tenantId;
    }

    /** The recording of a call that starts now ({@link CallRecording#NONE} for a call nobody made). */
    CallRecording recording(String tenantId, String callId, String voice) {
        return warmUp ? CallRecording.NONE : recordings.start(tenantId, callId, voice);
    }

    SpeechToTextGrpc.SpeechToTextStub stt() {
        return stt;
    }

    DialogueGrpc.DialogueStub dialogue() {
        return dialogue;
    }

    TextToSpeechGrpc.TextToSpeechStub tts() {
        return tts;
    }

    SileroVad vad() {
        return vad;
    }

    EventPublisher events() {
        return events;
    }

    GatewayMetrics metrics() {
        return metrics;
    }

    HeldPrompts prompts() {
        return prompts;
    }

    Tracer tracer() {
        return telemetry.getTracer("dev.parley.gateway");
    }
}
