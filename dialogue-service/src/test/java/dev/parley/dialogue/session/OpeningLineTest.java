package dev.parley.dialogue.session;

import dev.parley.contracts.dialogue.v1.CallStart;
import dev.parley.contracts.dialogue.v1.DialogueRequest;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.dialogue.v1.UserTurn;
import dev.parley.dialogue.brain.ApologyBrain;
import dev.parley.dialogue.brain.BrainOutput;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.OpeningLine;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.Tenants;
import dev.parley.dialogue.tenant.Tenant;
import dev.parley.dialogue.tenant.TenantDirectory;
import dev.parley.dialogue.tracing.DialogueTracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An outbound call's opening line (CallStart parameter {@value OpeningLine#KEY}) is the agent's turn 0 instead of
 * the tenant's greeting, and the call goes on from it as from a greeting; a line the gateway would not have sent is
 * ignored for the greeting. A voicemail message (CallStart parameter {@value OpeningLine#VOICEMAIL_KEY}) is turn 0
 * followed by an end-call action. The acme flow brain answers.
 */
class OpeningLineTest {
    private static final String ACME_GREETING = "Hi, thanks for calling Acme. How can I help you today?";
    private static final String OPENING = "Hi, this is Acme calling about your order 1234. Is now a good time?";

    static Tenant acme;

    @BeforeAll
    static void loadTenant() {
        acme = Tenants.load("acme", new RecordingEventPublisher());
    }

    /** A call's stream: the session, and what it sent the gateway. */
    private record Call(CallSession session, AssertSubscriber<DialogueResponse> gateway) {
        String textOf(long turnId) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (gateway.getItems().stream().noneMatch(r -> r.getTurnId() == turnId && r.hasDone())) {
                assertTrue(System.nanoTime() < deadline, "no done for turn " + turnId + ": " + gateway.getItems());
                Thread.onSpinWait();
            }
            StringBuilder text = new StringBuilder();
            gateway.getItems().stream().filter(r -> r.getTurnId() == turnId && r.hasTextDelta())
                    .forEach(r -> text.append(r.getTextDelta()));
            return text.toString();
        }
    }

    private static Call start(Map<String, String> parameters) {
        TenantDirectory directory = new TenantDirectory() {
            @Override
            public Optional<Tenant> find(String id) {
                return "acme".equals(id) ? Optional.of(acme) : Optional.empty();
            }

            @Override
            public Optional<String> failure(String id) {
                return Optional.empty();
            }
        };
        CallSession[] session = new CallSession[1];
        AssertSubscriber<DialogueResponse> gateway = Multi.createFrom().<DialogueResponse>emitter(out -> session[0] =
                        new CallSession(out, directory, new DialogueMetrics(new SimpleMeterRegistry()),
                                new DialogueTracing(OpenTelemetry.noop())))
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        session[0].onRequest(DialogueRequest.newBuilder().setStart(CallStart.newBuilder().setTenantId("acme")
                .setCallId("out-1").setFrom("+15550100100").setTo("+15551230000").putAllParameters(parameters))
                .build());
        return new Call(session[0], gateway);
    }

    @Test
    void theOpeningLineIsTurnZeroAndTheFlowGoesOnFromIt() {
        Call call = start(Map.of(OpeningLine.KEY, OPENING, "customer", "42"));
        assertEquals(OPENING, call.textOf(0));
        call.session().onRequest(DialogueRequest.newBuilder().setUserTurn(UserTurn.newBuilder().setTurnId(1)
                .setText("what are your opening hours")).build());
        assertTrue(call.textOf(1).contains("9 am to 6 pm"), call.textOf(1));
        call.session().close();
    }

    @Test
    void aVoicemailMessageIsTurnZeroThenTheCallEnds() {
        String message = "Hi, this is Acme calling about your order. Please call us back at 555 0100.";
        Call call = start(Map.of(OpeningLine.VOICEMAIL_KEY, message, OpeningLine.KEY, OPENING));
        assertEquals(message, call.textOf(0));
        List<DialogueResponse> turn0 = call.gateway().getItems().stream().filter(r -> r.getTurnId() == 0).toList();
        int endCall = indexOf(turn0, r -> r.hasAction() && r.getAction().hasEndCall());
        assertTrue(endCall >= 0, "no end-call action: " + turn0);
        assertEquals(OpeningLine.VOICEMAIL_LEFT, turn0.get(endCall).getAction().getEndCall().getReason());
        assertTrue(endCall > indexOf(turn0, DialogueResponse::hasTextDelta), "the message before the hang-up");
        call.session().close();
    }

    @Test
    void aVoicemailMessageTheGatewayWouldRefuseIsIgnoredForTheGreeting() {
        Call call = start(Map.of(OpeningLine.VOICEMAIL_KEY, "  "));
        assertEquals(ACME_GREETING, call.textOf(0));
        assertTrue(call.gateway().getItems().stream().noneMatch(DialogueResponse::hasAction));
        call.session().close();
    }

    private static int indexOf(List<DialogueResponse> responses, Predicate<DialogueResponse> p) {
        for (int i = 0; i < responses.size(); i++) {
            if (p.test(responses.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void withoutAnOpeningLineTheTenantGreets() {
        Call call = start(Map.of("customer", "42"));
        assertEquals(ACME_GREETING, call.textOf(0));
        call.session().close();
    }

    @Test
    void anOpeningLineTheGatewayWouldRefuseIsIgnoredForTheGreeting() {
        Call tooLong = start(Map.of(OpeningLine.KEY, "a".repeat(501)));
        assertEquals(ACME_GREETING, tooLong.textOf(0));
        tooLong.session().close();
        Call control = start(Map.of(OpeningLine.KEY, "Hello\u0007 there"));
        assertEquals(ACME_GREETING, control.textOf(0));
        control.session().close();
    }

    @Test
    void theFallbackBrainGreetsWithTheOpeningLineToo() {
        Conversation conversation = new Conversation("acme", "out-2", Map.of(OpeningLine.KEY, OPENING));
        List<BrainOutput> out = new ApologyBrain(ACME_GREETING, "Sorry.").greet(conversation).collect().asList()
                .await().atMost(Duration.ofSeconds(5));
        StringBuilder text = new StringBuilder();
        for (BrainOutput o : out) {
            if (o instanceof BrainOutput.Text t) {
                text.append(t.delta());
            }
        }
        assertEquals(OPENING, text.toString());
        assertEquals(OPENING, conversation.history().get(0).text());
    }
}
