package dev.parley.dialogue.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.HeardWord;
import dev.parley.dialogue.brain.TurnInput;
import dev.parley.dialogue.resume.StateCodec;
import dev.parley.dialogue.support.Answer;
import dev.parley.dialogue.support.ClinicWebhook;
import dev.parley.dialogue.support.LlmTenants;
import dev.parley.dialogue.support.OpenAiWire;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.ReplayServer;
import dev.parley.dialogue.tenant.Tenant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A call answered by the LLM brain moves to another instance with a read-back pending: there the model is sent the
 * very same requests as it would have been on the first instance (history, call state, facts, an answer cut off),
 * and the caller's unsure "yes" settles the read-back instead of starting another one. Each instance has its own
 * tenant load and its own replayed OpenAI endpoint.
 */
class LlmFailoverTest {

    final ReplayServer modelA;
    final ReplayServer modelB;
    final ClinicWebhook clinic;
    final Tenant onA;
    final Tenant onB;

    LlmFailoverTest() throws Exception {
        modelA = new ReplayServer();
        modelB = new ReplayServer();
        clinic = new ClinicWebhook();
        onA = LlmTenants.load("brightsmile", LlmTenants.brainYaml("openai", modelA.baseUrl() + "/v1", ""),
                new RecordingEventPublisher(), clinic.env());
        onB = LlmTenants.load("brightsmile", LlmTenants.brainYaml("openai", modelB.baseUrl() + "/v1", ""),
                new RecordingEventPublisher(), clinic.env());
    }

    @AfterEach
    void stop() {
        modelA.close();
        modelB.close();
        clinic.close();
    }

    static List<JsonNode> bodies(ReplayServer server) {
        return server.received().stream().map(ReplayServer.Received::body).toList();
    }

    /** The model's side of turns 4 and 5, the same on either instance. */
    static void script(ReplayServer model) {
        model.then(ReplayServer.stream(OpenAiWire.toolCall("call_2", "book_appointment", "{\"patient\":\"551209\"}")));
        model.then(ReplayServer.stream(OpenAiWire.answer("He's booked for Tuesday at 10 am.")));
        model.then(ReplayServer.stream(OpenAiWire.answer("Yes, there is free parking behind the clinic.")));
    }

    static List<String> rest(Tenant tenant, Conversation call) {
        List<String> said = new ArrayList<>();
        said.add(Answer.of(tenant.brain(), call, TurnInput.speech(4, "yes that's right", 0.5f)).text());
        said.add(Answer.of(tenant.brain(), call, TurnInput.speech(5, "is there parking", 0.9f)).text());
        return said;
    }

    @Test
    void theModelIsSentTheSameRequestsOnTheInstanceTheCallMovedTo() throws Exception {
        Conversation call = new Conversation("brightsmile", "c-llm-move", Map.of("from", "+15550001111"));
        modelA.then(ReplayServer.stream(OpenAiWire.answer("Thank you. How can I help you today?")));
        Answer.of(onA.brain(), call, TurnInput.speech(1, "hello my patient number is four eight two nine one three",
                0.93f, words("hello", 0.9f, "my", 0.97f, "patient", 0.91f, "number", 0.99f, "is", 0.9f,
                        "four", 0.95f, "eight", 0.96f, "two", 0.94f, "nine", 0.97f, "one", 0.92f, "three", 0.93f)));
        modelA.then(ReplayServer.stream(OpenAiWire.answer("We're open Saturdays from nine to one.")));
        Answer.of(onA.brain(), call, TurnInput.speech(2, "are you open on saturdays", 0.93f));
        call.markHeard(2, "We're open Saturdays", true);
        modelA.then(ReplayServer.stream(OpenAiWire.toolCall("call_1", "book_appointment", "{\"patient\":\"551209\"}")));
        modelA.then(ReplayServer.stream(OpenAiWire.answer("Just to check, is that 5 5 1 2 0 9?")));
        Answer.of(onA.brain(), call, TurnInput.speech(3,
                "please book a check up for my son five five one two zero nine", 0.5f));
        assertEquals(0, clinic.bookingRequests.get(), "read back, not booked");
        call.markHeard(3, "Just to check,", true); // the caller's "yes" barged in

        byte[] state = StateCodec.encode(call);
        Conversation moved = StateCodec.decode(state, "brightsmile", "c-llm-move");
        int before = modelA.received().size();
        script(modelA);
        List<String> onFirst = rest(onA, call);
        script(modelB);
        List<String> onSecond = rest(onB, moved);

        List<JsonNode> first = bodies(modelA).subList(before, modelA.received().size());
        List<JsonNode> second = bodies(modelB);
        assertEquals(3, second.size(), "the unsure yes settled the read-back: the tool ran, no second read-back");
        assertEquals(first, second);
        assertEquals(onFirst, onSecond);
        String system = second.get(0).at("/messages/0/content").asText();
        assertTrue(system.contains("Open: confirm patient 551209 for book_appointment with the caller before acting "
                + "on it (read back in turn 3)"), system);
        assertTrue(system.contains("your answer in turn 3 was cut off after 'Just to check,'"), system);
        assertTrue(system.contains("number 482913 (turn 1, heard clearly)"), system);
        assertTrue(second.get(2).at("/messages/0/content").asText().contains("book_appointment {patient=551209}"),
                "the booking is among the facts:\n" + second.get(2).at("/messages/0/content").asText());
        assertEquals(2, clinic.bookingRequests.get(), "each instance booked (the test plays both on)");
        assertEquals(clinic.server().received().get(0).header("Idempotency-Key"),
                clinic.server().received().get(1).header("Idempotency-Key"));
        assertEquals(StateCodec.encode(call).length, StateCodec.encode(moved).length);
        assertTrue(java.util.Arrays.equals(StateCodec.encode(call), StateCodec.encode(moved)),
                "both instances end in the same state");
    }

    @Test
    void aLongLlmCallsStateIsBounded() throws Exception {
        for (int i = 0; i < 200; i++) {
            modelA.when(body -> body.toString().contains("memory of a phone call"), ReplayServer.stream(
                    OpenAiWire.answer("The caller gave patient number 482913 and asked about hours and prices.")));
        }
        Conversation call = new Conversation("brightsmile", "c-llm-long", Map.of("from", "+15550001111"));
        java.util.Random random = new java.util.Random(7);
        String[] topics = {"opening hours", "whitening prices", "parking", "insurance", "kids' visits", "x-rays"};
        int[] sizes = new int[201];
        for (int turn = 1; turn <= 200; turn++) {
            String topic = topics[random.nextInt(topics.length)];
            modelA.then(ReplayServer.stream(OpenAiWire.answer("About " + topic + ": " + "we can help with that, "
                    + "and turn " + turn + " is answered with detail number " + random.nextInt(100_000)
                    + ". Is there anything else about " + topic + " you'd like to know?")));
            List<HeardWord> said = words("um", 0.4f + random.nextFloat() / 2, "what", 0.95f, "about",
                    0.9f + random.nextFloat() / 10, "your", 0.97f, topic, 0.8f + random.nextFloat() / 5,
                    "number", 0.9f, Integer.toString(random.nextInt(1000)), random.nextFloat());
            String text = String.join(" ", said.stream().map(HeardWord::text).toList());
            Answer.of(onA.brain(), call, TurnInput.speech(turn, text, 0.85f, said));
            sizes[turn] = StateCodec.encode(call).length;
        }
        int json = call.write().toString().length();
        System.out.printf(java.util.Locale.ROOT, "LLM call state: turn 10: %.1f KB, turn 100: %.1f KB, turn 200: "
                + "%.1f KB (%.1f KB of JSON)%n", sizes[10] / 1024.0, sizes[100] / 1024.0, sizes[200] / 1024.0,
                json / 1024.0);
        assertTrue(sizes[200] <= 32 * 1024, "state after 200 turns: " + sizes[200] + " bytes");
        assertTrue(sizes[200] <= sizes[100] * 1.2, "no growth once the windows are full: " + sizes[100] + " -> "
                + sizes[200]);
        assertEquals(200, StateCodec.decode(StateCodec.encode(call), "brightsmile", "c-llm-long").history().size());
    }

    static List<HeardWord> words(Object... textAndConfidence) {
        List<HeardWord> words = new ArrayList<>();
        for (int i = 0; i < textAndConfidence.length; i += 2) {
            words.add(new HeardWord((String) textAndConfidence[i], (Float) textAndConfidence[i + 1]));
        }
        return words;
    }
}
