package dev.parley.tracing;

import dev.parley.contracts.trace.v1.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceContextsTest {
    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final Tracer tracer = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build().get("test");

    @Test
    void aStageStartedFromTheWireIsAChildOfTheSpanThatSentIt() {
        Span turn = tracer.spanBuilder("turn").startSpan();
        TraceContext wire = TraceContexts.of(turn);
        assertEquals("00-" + turn.getSpanContext().getTraceId() + "-" + turn.getSpanContext().getSpanId() + "-01",
                wire.getTraceparent());

        Span stage = StageSpans.start(tracer, "stt final", wire, "parley.stt.v1.SpeechToText", "Recognize",
                "acme", "CA1", 3);
        stage.end();
        turn.end();

        SpanData data = exported.getFinishedSpanItems().get(0);
        assertEquals("stt final", data.getName());
        assertEquals(turn.getSpanContext().getTraceId(), data.getTraceId());
        assertEquals(turn.getSpanContext().getSpanId(), data.getParentSpanId());
        assertTrue(data.getParentSpanContext().isRemote());
        assertEquals("acme", data.getAttributes().get(CallAttributes.TENANT_ID));
        assertEquals("CA1", data.getAttributes().get(CallAttributes.CALL_ID));
        assertEquals(3L, data.getAttributes().get(CallAttributes.TURN_ID));
        assertEquals("grpc", data.getAttributes().get(StageSpans.RPC_SYSTEM));
    }

    @Test
    void traceStateTravelsToo() {
        SpanContext remote = SpanContext.createFromRemoteParent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
                io.opentelemetry.api.trace.TraceFlags.getSampled(), TraceState.builder().put("vendor", "x1").build());
        TraceContext wire = TraceContexts.of(Context.root().with(Span.wrap(remote)));
        assertEquals("vendor=x1", wire.getTracestate());
        SpanContext back = Span.fromContext(TraceContexts.parentOf(wire)).getSpanContext();
        assertEquals(remote.getTraceId(), back.getTraceId());
        assertEquals(remote.getSpanId(), back.getSpanId());
        assertEquals("x1", back.getTraceState().get("vendor"));
    }

    @Test
    void noOrMalformedContextMeansNoParent() {
        assertFalse(Span.fromContext(TraceContexts.parentOf(TraceContext.getDefaultInstance())).getSpanContext()
                .isValid());
        assertFalse(Span.fromContext(TraceContexts.parentOf(TraceContext.newBuilder().setTraceparent("garbage")
                .build())).getSpanContext().isValid());
        assertEquals("", TraceContexts.of(Span.getInvalid()).getTraceparent(), "tracing off: nothing on the wire");
    }
}
