package dev.parley.stt.tracing;

import dev.parley.contracts.stt.v1.Flush;
import dev.parley.contracts.stt.v1.SpeechToTextGrpc;
import dev.parley.stt.recognizer.Recognition;
import dev.parley.stt.recognizer.StreamSpec;
import dev.parley.tracing.StageSpans;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import jakarta.inject.Singleton;

/**
 * The STT stage of a caller's turn: one {@code stt final} span per flush, from the flush being processed to its
 * final sent, under the turn span the gateway names in the flush. Finals the engine makes on its own (no flush)
 * belong to no turn yet and get no span.
 */
@Singleton
public class SttTracing {
    static final String STT_FINAL = "stt final";
    static final AttributeKey<Long> FLUSH_SEQ = AttributeKey.longKey("parley.stt.flush_seq");
    static final AttributeKey<String> ENGINE = AttributeKey.stringKey("parley.stt.engine");
    static final AttributeKey<Long> WORDS = AttributeKey.longKey("parley.stt.words");

    private final Tracer tracer;

    public SttTracing(OpenTelemetry telemetry) {
        this.tracer = telemetry.getTracer("dev.parley.stt");
    }

    public Span flushStarted(StreamSpec spec, Flush flush) {
        return StageSpans.start(tracer, STT_FINAL, flush.getTrace(), SpeechToTextGrpc.SERVICE_NAME, "Recognize",
                spec.tenantId(), spec.callId(), -1).setAttribute(FLUSH_SEQ, flush.getSeq());
    }

    public static void finalMade(Span span, Recognition result) {
        span.setAttribute(ENGINE, result.engine()).setAttribute(WORDS, (long) result.words().size());
    }
}
