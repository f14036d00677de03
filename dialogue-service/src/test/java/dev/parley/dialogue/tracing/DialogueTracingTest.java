package dev.parley.dialogue.tracing;

import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.ToolInvoked;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.support.Answer;
import dev.parley.dialogue.support.LlmTenants;
import dev.parley.dialogue.support.OpenAiWire;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.ReplayServer;
import dev.parley.dialogue.tenant.Tenant;
import dev.parley.tracing.CallAttributes;
import dev.parley.tracing.TraceContexts;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An LLM brain's turn over a replayed OpenAI stream (a real HTTP server): the brain span under the gateway's turn,
 * a {@code chat} span per model call and the tool run under the brain span, and the tool's event published in its
 * span.
 */
class DialogueTracingTest {
    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final OpenTelemetrySdk telemetry = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build()).build();
    private final Map<String, String> publishedInSpan = new ConcurrentHashMap<>();
    private final RecordingEventPublisher events = new RecordingEventPublisher() {
        @Override
        public void publish(CallEvent event) {
            publishedInSpan.put(event.type(), Span.current().getSpanContext().getSpanId());
            super.publish(event);
        }
    };
    private final ReplayServer server;

    DialogueTracingTest() throws Exception {
        server = new ReplayServer();
    }

    @AfterEach
    void stop() {
        server.close();
        telemetry.close();
    }

    @Test
    void aModelTurnWithAToolIsTracedUnderTheGatewaysTurn() {
        Tenant acme = LlmTenants.load("acme", LlmTenants.brainYaml("openai", server.baseUrl() + "/v1", ""), events);
        server.then(ReplayServer.stream(OpenAiWire.toolCall("call_1", "order_status", "{\"order\":", " \"1234\"}")))
                .then(ReplayServer.stream(OpenAiWire.answer("Order 1234 has shipped and is arriving on Friday.")));
        Conversation call = new Conversation("acme", "CA-llm", Map.of());
        Tracer gateway = telemetry.getTracer("gateway");
        Span turn = gateway.spanBuilder("turn").startSpan();

        DialogueTracing tracing = new DialogueTracing(telemetry);
        Span brain = tracing.turnStarted(call, 1, TraceContexts.of(turn));
        Answer answer = Answer.say(acme.brain(), call, 1, "where is my order one two three four");
        DialogueTracing.answered(brain, answer.brain());
        turn.end();

        List<SpanData> spans = exported.getFinishedSpanItems();
        SpanData brainSpan = named(spans, "brain").get(0);
        assertEquals(turn.getSpanContext().getSpanId(), brainSpan.getParentSpanId());
        assertEquals("openai:gpt-4o-mini", brainSpan.getAttributes().get(DialogueTracing.BRAIN_NAME));
        assertEquals(1L, brainSpan.getAttributes().get(CallAttributes.TURN_ID));

        List<SpanData> chats = named(spans, "chat gpt-4o-mini");
        assertEquals(2, chats.size(), "the tool call round and the answer round");
        for (SpanData chat : chats) {
            assertEquals(brainSpan.getSpanId(), chat.getParentSpanId());
            assertEquals("chat", chat.getAttributes().get(ToolSpan.OPERATION));
            assertEquals("openai", chat.getAttributes().get(ChatSpans.PROVIDER));
            assertEquals("gpt-4o-mini", chat.getAttributes().get(ChatSpans.MODEL));
            assertTrue(chat.getEvents().stream().anyMatch(e -> e.getName().equals("first token")));
        }
        SpanData tool = named(spans, "execute_tool order_status").get(0);
        assertEquals(brainSpan.getSpanId(), tool.getParentSpanId());
        assertEquals("order_status", tool.getAttributes().get(ToolSpan.TOOL_NAME));
        assertEquals("CA-llm", tool.getAttributes().get(CallAttributes.CALL_ID));
        List<SpanData> byStart = chats.stream().sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos))
                .collect(Collectors.toList());
        assertTrue(byStart.get(0).getStartEpochNanos() <= tool.getStartEpochNanos()
                && tool.getEndEpochNanos() <= byStart.get(1).getStartEpochNanos(),
                "the tool runs between the model call that asked for it and the one that reads its result");
        assertEquals(tool.getSpanId(), publishedInSpan.get(ToolInvoked.TYPE), "tool.invoked names the tool span");
    }

    @Test
    void aBrainWithoutATracedStreamTracesNothing() {
        Tenant acme = LlmTenants.load("acme", LlmTenants.brainYaml("openai", server.baseUrl() + "/v1", ""), events);
        server.then(ReplayServer.stream(OpenAiWire.answer("We are open nine to six.")));
        Answer.say(acme.brain(), new Conversation("acme", "CA-untraced", Map.of()), 1, "when are you open");
        assertEquals(List.of(), exported.getFinishedSpanItems());
    }

    private static List<SpanData> named(List<SpanData> spans, String name) {
        return spans.stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
    }
}
