package dev.parley.tts.tracing;

import dev.parley.contracts.tts.v1.SynthesisConfig;
import dev.parley.contracts.tts.v1.TextToSpeechGrpc;
import dev.parley.tracing.StageSpans;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import jakarta.inject.Singleton;

/**
 * The TTS stage of an agent turn: one {@code tts synthesize} span per utterance stream, from its config to its
 * end (completed, or cancelled by a barge-in), under the turn span the gateway names in the config, with a
 * {@code first audio} event when the first phrase's audio is sent.
 */
@Singleton
public class TtsTracing {
    static final String SYNTHESIZE = "tts synthesize";
    static final AttributeKey<String> ENGINE = AttributeKey.stringKey("parley.tts.engine");
    static final AttributeKey<String> VOICE = AttributeKey.stringKey("parley.tts.voice");
    static final AttributeKey<Long> PHRASES = AttributeKey.longKey("parley.tts.phrases");
    static final AttributeKey<Long> CHARACTERS = AttributeKey.longKey("parley.tts.characters");
    static final AttributeKey<Long> AUDIO_MS = AttributeKey.longKey("parley.tts.audio_ms");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("parley.tts.outcome");

    private final Tracer tracer;

    public TtsTracing(OpenTelemetry telemetry) {
        this.tracer = telemetry.getTracer("dev.parley.tts");
    }

    public Span started(SynthesisConfig config, String voice) {
        Span span = StageSpans.start(tracer, SYNTHESIZE, config.getTrace(), TextToSpeechGrpc.SERVICE_NAME,
                "Synthesize", config.getTenantId(), config.getCallId(), config.getTurnId());
        if (voice != null) {
            span.setAttribute(VOICE, voice);
        }
        return span;
    }

    public static void firstAudio(Span span, String engine) {
        span.addEvent("first audio", Attributes.of(ENGINE, engine));
    }

    /** Ends the span with what the utterance came to; anything but completed or cancelled is an error. */
    public static void ended(Span span, String outcome, String engine, int phrases, int characters, long audioMs) {
        span.setAttribute(OUTCOME, outcome)
                .setAttribute(ENGINE, engine)
                .setAttribute(PHRASES, (long) phrases)
                .setAttribute(CHARACTERS, (long) characters)
                .setAttribute(AUDIO_MS, audioMs);
        if (!outcome.equals("completed") && !outcome.equals("cancelled")) {
            span.setStatus(StatusCode.ERROR, outcome);
        }
        span.end();
    }
}
