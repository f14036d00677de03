package dev.parley.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every event type has a schema, every schema an event type, and what EventCodec writes validates against it. */
class EventSchemasTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-12-06T10:15:30.123456Z");

    /** Events of one call as the services publish them, with the nulls and edge values they can carry. */
    static List<CallEvent> realisticCall() {
        String t = "acme";
        String c = "CA87fc22570033f4ce54780114c360949a";
        return List.of(
                new CallStarted(t, c, AT, "twilio", "+15550001111", "+15550002222"),
                new CallStarted(t, c, AT, "browser", "browser", ""),
                new CallStarted(t, c, AT, "telnyx", null, null),
                new AgentTurnEvent(t, c, AT, 0, "hi thanks for calling acme", "hi thanks for calling acme", false,
                        "flow"),
                new SpeechSynthesized(t, c, AT, 0, "festival", 26, 4040, 180, false),
                new TurnLatency(t, c, AT, 0, 0, 0, 0, 0, 1_765_016_130_200L, 1_765_016_130_661L),
                new UserTurnEvent(t, c, AT, 1, "where is my order one two three four", 0.93, "speech"),
                new UserTurnEvent(t, c, AT, 2, "1234#", 1.0, "dtmf"),
                new ToolInvoked(t, c, AT, 1, "order_status", Map.of("order", "1234"), true, 12),
                new ToolInvoked(t, c, AT, 1, "book", null, false, 5_000),
                new AgentTurnEvent(t, c, AT, 1, "order 1234 has shipped and is arriving on friday",
                        "order 1234 has shipped", true, "flow"),
                new AgentTurnEvent(t, c, AT, 2, null, null, true, null),
                new BargeIn(t, c, AT, 1, "order 1234 has shipped", false),
                new BargeIn(t, c, AT, 1, null, true),
                new SpeechSynthesized(t, c, AT, 1, "flite", 48, 0, -1, true),
                new TurnLatency(t, c, AT, 1, 1_000, 1_050, 1_080, 1_200, 1_210, 1_400),
                new TransferRequested(t, c, AT, 3, "+15550003333", "caller asked for a human"),
                new TransferRequested(t, c, AT, 3, "sip:desk@example.com", null),
                new TransferNotReached(t, c, AT, 3, "sip:desk@example.com", "busy"),
                new EngineFallback(t, c, AT, "stt", "vosk", "sphinx", "model failed to load"),
                new EngineFallback(t, c, AT, "tts", "festival", "none", null),
                new EngineFallback(t, c, AT, "brain", "llm", null, "timeout"),
                new BackendFailover(t, c, AT, "stt", "failed", 0, "UNAVAILABLE: io exception"),
                new BackendFailover(t, c, AT, "dialogue", "recovered", 412, ""),
                new BackendFailover(t, c, AT, "tts", "lost", 5_000, null),
                new SpeechRecognized(t, c, AT, "vosk", 31_800, 3),
                new CallEnded(t, c, AT, 31_800, "agent-hangup", 3, 4),
                new CallEnded(t, c, AT, 0, "backend-lost", 0, 1),
                new CallAnalyzed(t, c, AT, "agent-hangup", 3, List.of("order_status", "goodbye"),
                        List.of("What are your opening hours?"), Map.of("order", "1234"),
                        List.of(new CallAnalyzed.ToolOutcome("order_status", true, true)), false, 1, 0, true,
                        "The caller asked about order 1234; it was found.", "template", null,
                        values("order_number", "1234", "resolved", true, "turns", 3, "note", null)),
                new CallAnalyzed(t, c, AT, "caller-hangup", 0, List.of(), List.of(), Map.of(), List.of(), false, 0,
                        0, null, "The caller hung up before saying anything.", "openai:gpt-4o-mini", "neutral",
                        Map.of()),
                new OutboundCall(t, "SIP0123456789abcdef0123456789abcdef", AT, "dialing", "+15551230000",
                        "+15550100100", 0, null, Map.of("customer", "42")),
                new OutboundCall(t, c, AT, "ringing", "+15551230000", "+15550100100", 180, null, Map.of()),
                new OutboundCall(t, c, AT, "busy", "+15551230000", "+15550100100", 486, "Busy Here", Map.of()),
                new OutboundCall(t, c, AT, "no-answer", "+15551230000", "+15550100100", 0, "ring timeout 30s",
                        Map.of()));
    }

    /** A values map as the analysis builds it: any of string, boolean, number and null. */
    private static Map<String, Object> values(Object... namesAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return out;
    }

    @Test
    void everyEventTypeHasASchemaAndEverySchemaAnEventType() throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getClassLoader().getResource(EventSchemas.DIRECTORY).toURI());
        Set<String> files;
        try (Stream<Path> listed = Files.list(dir)) {
            files = listed.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> expected = EventSchemas.types().stream().map(type -> type + ".schema.json")
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(15, expected.size(), "one type per CallEvent record");
        assertEquals(expected, files);
    }

    @Test
    void eachSchemaListsExactlyItsRecordsFieldsAllRequired() {
        for (String type : EventSchemas.types()) {
            JsonNode schema = EventSchemaValidator.schemaTree(type);
            assertNotNull(schema, type);
            assertEquals(EventSchemas.id(type), schema.path("$id").asText(), type);
            assertEquals("https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText());
            assertEquals(type, schema.path("properties").path("type").path("const").asText(), type);
            assertEquals(CallEvent.SCHEMA_VERSION, schema.path("properties").path("schemaVersion").path("const")
                    .asInt(), type);

            Set<String> fields = Arrays.stream(EventTypes.recordOf(type).getRecordComponents())
                    .map(c -> c.getName()).collect(Collectors.toCollection(TreeSet::new));
            fields.addAll(List.of("type", "schemaVersion"));
            assertEquals(fields, names(schema.path("properties")), type + ": schema properties = record fields");
            Set<String> required = new TreeSet<>();
            schema.path("required").forEach(n -> required.add(n.asText()));
            // Jackson writes every field, null ones as null: all are present on the wire.
            assertEquals(fields, required, type + ": every field required");
        }
    }

    @Test
    void everyEncodedEventValidatesAgainstItsSchema() {
        Set<String> covered = new HashSet<>();
        for (CallEvent event : realisticCall()) {
            byte[] json = EventCodec.encode(event);
            assertEquals(List.of(), EventSchemaValidator.problems(json), new String(json));
            covered.add(event.type());
        }
        assertEquals(new TreeSet<>(EventSchemas.types()), new TreeSet<>(covered), "an example of every type");
    }

    @Test
    void theValidatorRejectsWhatConsumersCouldNotRelyOn() throws IOException {
        Map<String, String> broken = new LinkedHashMap<>();
        broken.put("remove:durationMs", "required property 'durationMs'");
        broken.put("set:durationMs=\"61 s\"", "string found, integer expected");
        broken.put("set:durationMs=-1", "minimum");
        broken.put("set:timestamp=\"yesterday\"", "date-time");
        broken.put("set:schemaVersion=2", "constant");
        broken.put("set:callId=null", "null found, string expected");
        broken.put("set:billedCents=12", "\"billedCents\" is not in the schema");
        broken.put("set:type=\"call.paused\"", "no schema for event type \"call.paused\"");
        byte[] ended = EventCodec.encode(new CallEnded("acme", "CA1", AT, 61_500, "agent-hangup", 3, 4));
        for (Map.Entry<String, String> change : broken.entrySet()) {
            ObjectNode event = (ObjectNode) JSON.readTree(ended);
            String[] op = change.getKey().split(":", 2);
            if (op[0].equals("remove")) {
                event.remove(op[1]);
            } else {
                String[] nameValue = op[1].split("=", 2);
                event.set(nameValue[0], JSON.readTree(nameValue[1]));
            }
            List<String> problems = EventSchemaValidator.problems(JSON.writeValueAsBytes(event));
            assertTrue(problems.stream().anyMatch(p -> p.contains(change.getValue())),
                    change.getKey() + " should be reported as " + change.getValue() + ", got " + problems);
        }
        byte[] analyzed = EventCodec.encode(new CallAnalyzed("acme", "CA1", AT, "caller-hangup", 1, List.of(),
                List.of(), Map.of(), List.of(), false, 0, 0, null, "The caller hung up.", "template", "furious",
                Map.of("order", List.of("1234"))));
        List<String> analysisProblems = EventSchemaValidator.problems(analyzed);
        assertTrue(analysisProblems.stream().anyMatch(p -> p.contains("enum")), "sentiment outside the three: "
                + analysisProblems);
        assertTrue(analysisProblems.stream().anyMatch(p -> p.contains("/values/order")), "a value that is a list: "
                + analysisProblems);
        byte[] failover = EventCodec.encode(new BackendFailover("acme", "CA1", AT, "stt", "vanished", 0, null));
        assertTrue(EventSchemaValidator.problems(failover).stream().anyMatch(p -> p.contains("enum")),
                "outcome outside failed/recovered/lost");
        byte[] outbound = EventCodec.encode(new OutboundCall("acme", "SIP1", AT, "voicemail", "+15551230000",
                "+15550100100", 200, null, Map.of()));
        assertTrue(EventSchemaValidator.problems(outbound).stream().anyMatch(p -> p.contains("enum")),
                "an outbound status outside dialing/ringing/answered/busy/no-answer/failed");
        assertEquals(List.of(), EventSchemaValidator.problems(ended), "the unbroken event is valid");
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
