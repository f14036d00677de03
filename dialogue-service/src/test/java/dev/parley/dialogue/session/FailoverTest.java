package dev.parley.dialogue.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.dialogue.v1.UserTurn;
import dev.parley.dialogue.resume.InvalidStateException;
import dev.parley.dialogue.resume.StateCodec;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.Tenants;
import dev.parley.dialogue.tenant.Tenant;
import dev.parley.dialogue.tenant.TenantDirectory;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.DeflaterOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A call moving between instances: every done carries the call's state, and a new stream on another instance that
 * starts from it (CallStart.resume_state) goes on exactly where the call was. Acme's flow brain, on the real tenant
 * files; instance A and instance B each load the tenant themselves.
 */
class FailoverTest {

    static Tenant acmeOnA;
    static Tenant acmeOnB;

    final DialogueMetrics metricsA = new DialogueMetrics(new SimpleMeterRegistry());
    final SimpleMeterRegistry registryB = new SimpleMeterRegistry();
    final DialogueMetrics metricsB = new DialogueMetrics(registryB);

    @BeforeAll
    static void loadTenants() {
        acmeOnA = Tenants.load("acme", new RecordingEventPublisher());
        acmeOnB = Tenants.load("acme", new RecordingEventPublisher());
    }

    /** One caller turn: spoken (with the recognizer's confidence, 0 for typed) or keyed. */
    record Step(String text, float confidence, String keys) {
        static Step say(String text, float confidence) {
            return new Step(text, confidence, null);
        }

        static Step keys(String digits) {
            return new Step(null, 0, digits);
        }

        List<DialogueResponse> play(GatewayStream stream, long turnId) {
            return keys != null ? stream.keys(turnId, keys) : stream.say(UserTurn.newBuilder().setTurnId(turnId)
                    .setText(text).setConfidence(confidence).build());
        }
    }

    /**
     * An order asked for, its number given in two groups and read back, an aside, keys, misses, a clarifying
     * question, a transfer, goodbye.
     */
    static final List<Step> CALL = List.of(
            Step.say("where is my order", 0),
            Step.say("one two", 0.6f),
            Step.say("three four", 0.6f),
            Step.say("what are your opening hours", 0.9f),
            Step.say("yes", 0.9f),
            Step.say("I want to check another order", 0.95f),
            Step.keys("56"),
            Step.keys("78"),
            Step.say("the purple elephant dances", 0.9f),
            Step.say("banana telephone", 0.9f),
            Step.say("thank you", 0.9f),
            Step.say("can you pass me to an operator", 0.9f),
            Step.say("yes please", 0.9f),
            Step.say("that's all, bye", 0.9f));

    @Test
    void aCallResumedFromAnyTurnsStateOnAnotherInstanceGoesOnExactlyAsOnTheFirst() throws Exception {
        String callId = UUID.randomUUID().toString();
        GatewayStream a = new GatewayStream(GatewayStream.directory(acmeOnA), metricsA).start("acme", callId);
        List<List<DialogueResponse>> original = new ArrayList<>();
        original.add(a.turn(0));
        for (int i = 0; i < CALL.size(); i++) {
            original.add(CALL.get(i).play(a, i + 1));
        }
        a.hangUp();
        // The call really is mid-task at the interesting cut points.
        assertTrue(GatewayStream.text(original.get(2)).contains("so far"), GatewayStream.text(original.get(2)));
        JsonNode readBackPending = states(GatewayStream.state(original.get(3)), callId).path("flow");
        assertEquals("order", readBackPending.path("confirming").asText(), readBackPending.toString());
        assertEquals("1234", readBackPending.path("filled").path("order").asText(), readBackPending.toString());
        JsonNode keysPending = states(GatewayStream.state(original.get(7)), callId).path("flow");
        assertEquals("56", keysPending.path("keys").asText(), keysPending.toString());
        JsonNode clarifying = states(GatewayStream.state(original.get(12)), callId).path("flow");
        assertEquals("intent:transfer", clarifying.path("clarifying").asText(), clarifying.toString());
        assertTrue(original.get(13).stream().anyMatch(r -> r.hasAction() && r.getAction().hasTransfer()),
                "the yes to the clarifying question transfers: " + original.get(13));

        for (int cut = 0; cut < CALL.size(); cut++) {
            GatewayStream b = new GatewayStream(GatewayStream.directory(acmeOnB), metricsB)
                    .resume("acme", callId, GatewayStream.state(original.get(cut)));
            for (int turn = cut + 1; turn <= CALL.size(); turn++) {
                List<DialogueResponse> answer = CALL.get(turn - 1).play(b, turn);
                String where = "resumed after turn " + cut + ", turn " + turn;
                assertEquals(GatewayStream.withoutState(original.get(turn)), GatewayStream.withoutState(answer), where);
                assertEquals(GatewayStream.state(original.get(turn)), GatewayStream.state(answer),
                        where + ": the state after it is the original's, byte for byte");
            }
            assertEquals(List.of(), b.ofTurn(0), "a resumed call is not greeted again");
            b.hangUp();
        }
        assertEquals(CALL.size(), registryB.get("parley.dialogue.calls.resumed").tag("tenant", "acme").counter()
                .count());
        assertEquals(0, metricsB.activeCalls());
    }

    @Test
    void everyDoneCarriesTheStateTheGreetingAndAFailedTurnsToo() throws Exception {
        GatewayStream a = new GatewayStream(GatewayStream.directory(acmeOnA), metricsA).start("acme", "c-every");
        ByteString greeting = GatewayStream.state(a.turn(0));
        JsonNode afterGreeting = StateCodec.decode(greeting.toByteArray(), "acme", "c-every").write();
        assertEquals(1, afterGreeting.path("history").size(), afterGreeting.toString());
        assertEquals("+15550001111", afterGreeting.path("params").path("from").asText());
        ByteString first = GatewayStream.state(a.say(1, "how much is shipping"));
        assertFalse(first.isEmpty());
        assertEquals(3, StateCodec.decode(first.toByteArray(), "acme", "c-every").history().size());
    }

    @Test
    void aTurnReSentAfterTheMoveIsAnsweredAgainAndReplacesItsAnswer() throws Exception {
        GatewayStream a = new GatewayStream(GatewayStream.directory(acmeOnA), metricsA).start("acme", "c-again");
        a.turn(0);
        List<DialogueResponse> hours = a.say(1, "what are your opening hours");
        GatewayStream b = new GatewayStream(GatewayStream.directory(acmeOnB), metricsB)
                .resume("acme", "c-again", GatewayStream.state(hours));
        List<DialogueResponse> again = b.say(1, "what are your opening hours");
        assertEquals(GatewayStream.text(hours), GatewayStream.text(again));
        var history = StateCodec.decode(GatewayStream.state(again).toByteArray(), "acme", "c-again").history();
        assertEquals(3, history.size(), "greeting, question, one answer: " + history);
        assertEquals(GatewayStream.text(hours), history.get(2).text());
    }

    @Test
    void aStateThatDoesNotParseOrIsAnotherCallsIsRefusedAndTheServiceGoesOn() throws Exception {
        Tenant other = new Tenant("other", "Other", acmeOnB.brain());
        TenantDirectory instanceB = GatewayStream.directory(acmeOnB, other);
        GatewayStream a = new GatewayStream(GatewayStream.directory(acmeOnA), metricsA).start("acme", "c-mine");
        a.turn(0);
        byte[] good = GatewayStream.state(a.say(1, "where is my order")).toByteArray();
        byte[] corrupt = good.clone();
        corrupt[good.length / 2] ^= 0x5a;
        byte[] otherVersion = good.clone();
        otherVersion[0] = 9;

        List<ByteString> unreadable = List.of(
                ByteString.copyFromUtf8("not a state"),
                ByteString.copyFrom(new byte[]{StateCodec.VERSION}),
                ByteString.copyFrom(corrupt),
                ByteString.copyFrom(good, 0, good.length - 5),
                ByteString.copyFrom(otherVersion),
                deflated("{\"tenant\":\"acme\",\"call\":\"c-mine\",\"history\":{}}"),
                deflated("[1,2,3]"),
                deflated("{\"tenant\":\"acme\",\"call\":\"c-mine\",\"history\":[{\"s\":\"x\",\"t\":1,\"x\":\"hi\"}]}"));
        for (ByteString state : unreadable) {
            Status refused = new GatewayStream(instanceB, metricsB).resume("acme", "c-mine", state).failure();
            assertEquals(Status.Code.INVALID_ARGUMENT, refused.getCode(), refused.toString());
            assertTrue(refused.getDescription().startsWith("resume_state"), refused.getDescription());
        }
        Status anotherCall = new GatewayStream(instanceB, metricsB).resume("acme", "c-yours", ByteString.copyFrom(good))
                .failure();
        assertEquals(Status.Code.INVALID_ARGUMENT, anotherCall.getCode());
        assertEquals("resume_state belongs to another call", anotherCall.getDescription());
        Status anotherTenant = new GatewayStream(instanceB, metricsB).resume("other", "c-mine",
                ByteString.copyFrom(good)).failure();
        assertEquals(Status.Code.INVALID_ARGUMENT, anotherTenant.getCode());
        assertEquals("resume_state belongs to another tenant", anotherTenant.getDescription());
        assertEquals(0, metricsB.activeCalls(), "a refused stream holds no call");
        assertEquals(unreadable.size() + 1, registryB.get("parley.dialogue.calls.resume.refused")
                .tag("tenant", "acme").counter().count());

        // The instance serves other calls, and the good state, as before.
        GatewayStream fresh = new GatewayStream(instanceB, metricsB).start("acme", "c-new");
        assertTrue(GatewayStream.text(fresh.turn(0)).startsWith("Hi, thanks for calling Acme."));
        GatewayStream resumed = new GatewayStream(instanceB, metricsB).resume("acme", "c-mine",
                ByteString.copyFrom(good));
        assertEquals("Order 1 2 3 4 has shipped and is arriving on Friday.",
                GatewayStream.text(resumed.say(2, "one two three four")));
        assertEquals(2, metricsB.activeCalls());
    }

    @Test
    void onAnInstanceWhoseFlowChangedMeanwhileWhatItNoLongerHasIsDropped() throws Exception {
        Path changed = Tenants.copy("acme");
        Path flowYaml = changed.resolve("flow.yaml");
        Files.writeString(flowYaml, Files.readString(flowYaml).replace("name: order_status", "name: order_check"));
        Tenant reloaded = Tenants.load(changed, new RecordingEventPublisher(), java.util.Map.of());
        GatewayStream a = new GatewayStream(GatewayStream.directory(acmeOnA), metricsA).start("acme", "c-changed");
        a.turn(0);
        ByteString asked = GatewayStream.state(a.say(1, "where is my order"));
        assertEquals("order_status", states(asked, "c-changed").path("flow").path("intent").asText());

        GatewayStream b = new GatewayStream(GatewayStream.directory(reloaded), metricsB)
                .resume("acme", "c-changed", asked);
        List<DialogueResponse> answer = b.say(2, "one two three four");
        assertEquals("flow", answer.get(answer.size() - 1).getDone().getBrain(), "the flow answers, no apology");
        assertEquals("Order 1 2 3 4 has shipped and is arriving on Friday.", GatewayStream.text(answer),
                "a whole number starts the intent that collects it, under its new name");
    }

    @Test
    void aResumeWithoutACallIdTakesTheStatesCall() throws Exception {
        GatewayStream a = new GatewayStream(GatewayStream.directory(acmeOnA), metricsA).start("acme", "c-named");
        ByteString state = GatewayStream.state(a.turn(0));
        GatewayStream b = new GatewayStream(GatewayStream.directory(acmeOnB), metricsB).resume("acme", "", state);
        assertEquals("c-named", StateCodec.decode(GatewayStream.state(b.say(1, "hello")).toByteArray(), "acme",
                "c-named").callId());
    }

    static JsonNode states(ByteString state, String callId) throws InvalidStateException {
        return StateCodec.decode(state.toByteArray(), "acme", callId).write().path("states");
    }

    /** A state of this codec's version whose JSON is {@code json}. */
    static ByteString deflated(String json) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(StateCodec.VERSION);
        try (DeflaterOutputStream out = new DeflaterOutputStream(bytes)) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        return ByteString.copyFrom(bytes.toByteArray());
    }
}
