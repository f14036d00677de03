package dev.parley.examples.consumer;

import dev.parley.contracts.events.AgentTurnEvent;
import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.CallStarted;
import dev.parley.contracts.events.SpeechRecognized;
import dev.parley.contracts.events.SpeechSynthesized;
import dev.parley.contracts.events.ToolInvoked;
import dev.parley.contracts.events.TurnLatency;
import dev.parley.contracts.events.UserTurnEvent;
import dev.parley.events.EventPublisherSettings;
import dev.parley.events.KafkaEventPublisher;
import dev.parley.events.TestKafka;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two calls published through Parley's real publisher to a real broker, read back by the example. */
class CallEventConsumerTest {
    private static final String TRACE_URL = "http://zipkin.test:9411/zipkin/traces/";
    private static TestKafka kafka;

    @TempDir
    Path outboxDir;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = TestKafka.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void readsEveryEventOfEachCallInOrderWithItsHeadersAndTrace() {
        Map<String, String> traceOfCall = new LinkedHashMap<>();
        Map<String, List<CallEvent>> published = new LinkedHashMap<>();
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(EventPublisherSettings
                .builder(kafka.bootstrapServers(), outboxDir).source("/parley/media-gateway").build())) {
            List<CallEvent> a = sampleCall("CA-a-" + UUID.randomUUID(), 1_765_000_000_000L);
            List<CallEvent> b = sampleCall("CA-b-" + UUID.randomUUID(), 1_765_000_000_500L);
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                // Two calls at once, as a gateway serves them: their events interleave.
                for (List<CallEvent> call : List.of(a, b)) {
                    if (i < call.size()) {
                        CallEvent event = call.get(i);
                        String traceId = traceOfCall.computeIfAbsent(event.callId(), id -> hex(32));
                        try (Scope ignored = Context.root().with(span(traceId)).makeCurrent()) {
                            publisher.publish(event);
                        }
                        published.computeIfAbsent(event.callId(), id -> new ArrayList<>()).add(event);
                    }
                }
            }

            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            try (CallEventConsumer consumer = new CallEventConsumer(kafka.bootstrapServers(),
                    "example-" + UUID.randomUUID(), TRACE_URL, new PrintStream(printed, true, StandardCharsets.UTF_8))) {
                awaitAll(consumer, published);
                System.out.print(printed.toString(StandardCharsets.UTF_8)); // what a user of the example sees
                for (Map.Entry<String, List<CallEvent>> call : published.entrySet()) {
                    List<ReceivedEvent> read = consumer.calls().get(call.getKey());
                    assertEquals(call.getValue().size(), read.size(), "every event of " + call.getKey() + " once");
                    assertSameOrderPerTopic(call.getValue(), read);
                    Set<String> ids = new HashSet<>();
                    for (ReceivedEvent event : read) {
                        assertTrue(ids.add(event.id()), "a distinct ce_id per event");
                        assertEquals("/parley/media-gateway", event.source());
                        assertEquals(event.data().path("timestamp").asText(), event.time().toString());
                        assertEquals(traceOfCall.get(call.getKey()), event.traceId());
                        assertEquals(TRACE_URL + traceOfCall.get(call.getKey()), consumer.traceLink(event));
                    }
                    String output = printed.toString(StandardCharsets.UTF_8);
                    assertTrue(output.contains(call.getKey() + " ended (agent-hangup) after 31.8 s"), output);
                    assertTrue(output.contains("trace: " + TRACE_URL + traceOfCall.get(call.getKey())), output);
                    assertTrue(output.contains(call.getKey() + " turn.latency     "), output);
                }
            }
        }
    }

    /** A call's events are ordered within each topic (same key, same partition); topics are read independently. */
    private static void assertSameOrderPerTopic(List<CallEvent> published, List<ReceivedEvent> read) {
        Map<String, List<String>> sent = new LinkedHashMap<>();
        for (CallEvent event : published) {
            sent.computeIfAbsent(topicOf(event.type()), t -> new ArrayList<>()).add(event.type() + "@"
                    + event.timestamp());
        }
        Map<String, List<String>> got = new LinkedHashMap<>();
        for (ReceivedEvent event : read) {
            got.computeIfAbsent(event.topic(), t -> new ArrayList<>()).add(event.type() + "@" + event.time());
        }
        assertEquals(sent, got);
    }

    private static String topicOf(String type) {
        if (type.startsWith("call.")) {
            return "parley.calls";
        }
        return type.equals("turn.latency") ? "parley.latency"
                : type.endsWith(".usage") ? "parley.engines" : "parley.turns";
    }

    private static void awaitAll(CallEventConsumer consumer, Map<String, List<CallEvent>> published) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!published.entrySet().stream().allMatch(call -> consumer.calls()
                .getOrDefault(call.getKey(), List.of()).size() >= call.getValue().size())) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("read " + consumer.calls().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue().size()).collect(Collectors.joining(", ")));
            }
            consumer.poll(Duration.ofMillis(500));
        }
    }

    /** The acme sample call: greeting, two questions (one looks an order up), goodbye, hang-up. */
    private static List<CallEvent> sampleCall(String callId, long startMs) {
        String t = "acme";
        List<CallEvent> events = new ArrayList<>();
        events.add(new CallStarted(t, callId, at(startMs), "twilio", "+15550001111", "+15550002222"));
        String[][] turns = {
                {null, "hi thanks for calling acme how can i help you today"},
                {"where is my order one two three four", "order one two three four has shipped"},
                {"what are your opening hours", "we are open monday to friday from nine am to six pm"},
                {"goodbye", "thanks for calling acme goodbye"}};
        long ms = startMs;
        for (int turn = 0; turn < turns.length; turn++) {
            if (turns[turn][0] != null) {
                events.add(new UserTurnEvent(t, callId, at(ms += 2_000), turn, turns[turn][0], 0.97, "speech"));
            }
            if (turn == 1) {
                events.add(new ToolInvoked(t, callId, at(ms += 40), turn, "order_status", Map.of("order", "1234"),
                        true, 12));
            }
            events.add(new SpeechSynthesized(t, callId, at(ms += 300), turn, "festival", turns[turn][1].length(),
                    3_000, 180, false));
            events.add(new TurnLatency(t, callId, at(ms += 100), turn, ms - 500, ms - 450, ms - 420, ms - 300,
                    ms - 290, ms - 100));
            events.add(new AgentTurnEvent(t, callId, at(ms += 3_000), turn, turns[turn][1], turns[turn][1], false,
                    "flow"));
        }
        events.add(new SpeechRecognized(t, callId, at(ms += 50), "vosk", 25_000, 3));
        events.add(new CallEnded(t, callId, at(startMs + 31_800), 31_800, "agent-hangup", 3, 4));
        return events;
    }

    private static Instant at(long ms) {
        return Instant.ofEpochMilli(ms);
    }

    private static Span span(String traceId) {
        return Span.wrap(SpanContext.create(traceId, hex(16), TraceFlags.getSampled(), TraceState.getDefault()));
    }

    private static String hex(int digits) {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, digits);
    }
}
