package dev.parley.dialogue.tools;

import dev.parley.contracts.events.ToolInvoked;
import dev.parley.contracts.redaction.RedactionPolicy;
import dev.parley.contracts.redaction.Redactor;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.tracing.DialogueTracing;
import dev.parley.tracing.TraceContexts;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tool gets what the caller said; the tool.invoked event about it carries the tenant's PII masked. */
class ToolRedactionTest {

    /** Answers at once and keeps the calls it got. */
    static class BookingTool implements Tool {
        final List<ToolCall> calls = new CopyOnWriteArrayList<>();
        final ToolDefinition definition;

        BookingTool() {
            definition = ToolRunnerTest.bookingDefinition(false);
        }

        @Override
        public String name() {
            return "book";
        }

        @Override
        public ToolDefinition definition() {
            return definition;
        }

        @Override
        public Uni<ToolResult> invoke(ToolCall call) {
            calls.add(call);
            return Uni.createFrom().item(ToolResult.found(Map.of("day", "Tuesday")));
        }
    }

    final RecordingEventPublisher events = new RecordingEventPublisher();
    final BookingTool booking = new BookingTool();

    private ToolResult run(ToolRunner runner, Conversation call, long turn, Map<String, String> arguments) {
        return runner.run(booking, call, turn, arguments).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void theEventMasksAListedSlotWhileTheToolGetsTheRealPatientNumber() {
        Redactor redactor = new Redactor(new RedactionPolicy(true, 4, true, Set.of("patient")));
        ToolRunner runner = new ToolRunner(events, redactor);
        Conversation call = new Conversation("brightsmile", "CA-1", Map.of());

        run(runner, call, 1, Map.of("patient", "482913", "note", "call me on five five five zero one zero zero"));

        assertEquals(Map.of("patient", "482913", "note", "call me on five five five zero one zero zero"),
                booking.calls.get(0).arguments(), "the booking needs the number as said");
        ToolInvoked event = events.ofType(ToolInvoked.class).get(0);
        assertEquals(Map.of("patient", Redactor.MASK, "note", "call me on " + Redactor.MASK), event.arguments());
    }

    @Test
    void aValueTheCallRecognizedIsMaskedInOtherArgumentsToo() {
        // Eight digits before a run counts: only because "482913" was recognized as the patient is it masked here.
        Redactor redactor = new Redactor(new RedactionPolicy(true, 8, true, Set.of("patient")));
        ToolRunner runner = new ToolRunner(events, redactor);
        Conversation call = new Conversation("brightsmile", "CA-2", Map.of());
        run(runner, call, 1, Map.of("patient", "482913"));

        run(runner, call, 2, Map.of("reason", "patient four eight two nine one three wants a check-up"));

        assertEquals(Map.of("reason", "patient " + Redactor.MASK + " wants a check-up"),
                events.ofType(ToolInvoked.class).get(1).arguments());
        assertEquals("patient four eight two nine one three wants a check-up",
                booking.calls.get(1).arguments().get("reason"));
    }

    @Test
    void aFailureQuotingThePatientNumberIsLoggedMasked() {
        // Eight digits: the six of the patient number are masked because this run's patient slot holds them.
        Redactor redactor = new Redactor(new RedactionPolicy(true, 8, true, Set.of("patient")));
        ToolRunner runner = new ToolRunner(events, redactor);
        Tool failing = new BookingTool() {
            @Override
            public Uni<ToolResult> invoke(ToolCall call) {
                String patient = call.arguments().get("patient");
                return Uni.createFrom().failure(new IllegalStateException("no patient " + patient));
            }
        };
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(ToolRunner.class.getName());
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                Object[] params = record.getParameters();
                lines.add(params == null ? record.getMessage() : String.format(record.getMessage(), params));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            runner.run(failing, new Conversation("brightsmile", "CA-4", Map.of()), 1, Map.of("patient", "482913"))
                    .subscribe().withSubscriber(UniAssertSubscriber.create()).awaitFailure(Duration.ofSeconds(5));
        } finally {
            log.removeHandler(capture);
        }
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("no patient " + Redactor.MASK), lines.get(0));
        assertFalse(lines.get(0).contains("482913"), lines.get(0));
    }

    @Test
    void theToolSpanRecordsTheFailureMasked() {
        InMemorySpanExporter exported = InMemorySpanExporter.create();
        try (OpenTelemetrySdk telemetry = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exported)).build()).build()) {
            Redactor redactor = new Redactor(new RedactionPolicy(true, 4, true, Set.of("patient")));
            Tool failing = new BookingTool() {
                @Override
                public Uni<ToolResult> invoke(ToolCall call) {
                    String patient = call.arguments().get("patient");
                    return Uni.createFrom().failure(new IllegalStateException("no patient " + patient));
                }
            };
            Conversation call = new Conversation("brightsmile", "CA-5", Map.of());
            Tracer gateway = telemetry.getTracer("gateway");
            Span turn = gateway.spanBuilder("turn").startSpan();
            new DialogueTracing(telemetry).turnStarted(call, 1, TraceContexts.of(turn));

            new ToolRunner(events, redactor).run(failing, call, 1, Map.of("patient", "482913"))
                    .subscribe().withSubscriber(UniAssertSubscriber.create()).awaitFailure(Duration.ofSeconds(5));

            SpanData tool = exported.getFinishedSpanItems().stream()
                    .filter(s -> s.getName().equals("execute_tool book")).findFirst().orElseThrow();
            String recorded = tool.getEvents().stream().map(e -> e.getAttributes().toString())
                    .reduce("", String::concat);
            assertTrue(recorded.contains("no patient " + Redactor.MASK), recorded);
            assertFalse(recorded.contains("482913"), recorded);
        }
    }

    @Test
    void aTenantWithoutRedactionPublishesTheArgumentsAsSaid() {
        ToolRunner runner = new ToolRunner(events, new Redactor(RedactionPolicy.NONE));
        run(runner, new Conversation("acme", "CA-3", Map.of()), 1, Map.of("patient", "482913"));
        assertEquals(Map.of("patient", "482913"), events.ofType(ToolInvoked.class).get(0).arguments());
    }
}
