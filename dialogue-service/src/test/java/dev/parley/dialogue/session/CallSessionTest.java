package dev.parley.dialogue.session;

import dev.parley.dialogue.tracing.DialogueTracing;
import io.opentelemetry.api.OpenTelemetry;
import dev.parley.contracts.dialogue.v1.CallStart;
import dev.parley.contracts.dialogue.v1.CancelTurn;
import dev.parley.contracts.dialogue.v1.DialogueRequest;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.dialogue.v1.Dtmf;
import dev.parley.contracts.dialogue.v1.TurnHeard;
import dev.parley.contracts.dialogue.v1.UserTurn;
import dev.parley.contracts.dialogue.v1.WordConfidence;
import dev.parley.dialogue.brain.HistoryEntry;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.Tenants;
import dev.parley.dialogue.tenant.Tenant;
import dev.parley.dialogue.tenant.TenantDirectory;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-call stream logic: turns, cancel (barge-in), heard, protocol errors; the acme flow brain answers. */
class CallSessionTest {

    static Tenant acme;

    GatedBrain brain;
    DialogueMetrics metrics;
    CallSession session;
    AssertSubscriber<DialogueResponse> gateway;

    @BeforeAll
    static void loadTenant() {
        acme = Tenants.load("acme", new RecordingEventPublisher());
    }

    @BeforeEach
    void openStream() {
        brain = new GatedBrain(acme.brain(), 7, Infrastructure.getDefaultWorkerPool());
        Tenant gated = new Tenant("acme", acme.displayName(), brain);
        TenantDirectory directory = new TenantDirectory() {
            @Override
            public Optional<Tenant> find(String id) {
                return "acme".equals(id) ? Optional.of(gated) : Optional.empty();
            }

            @Override
            public Optional<String> failure(String id) {
                return Optional.empty();
            }
        };
        metrics = new DialogueMetrics(new SimpleMeterRegistry());
        gateway = Multi.createFrom().<DialogueResponse>emitter(out -> session = new CallSession(out, directory, metrics,
                new DialogueTracing(OpenTelemetry.noop())))
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
    }

    static DialogueRequest start(String tenant) {
        return DialogueRequest.newBuilder().setStart(CallStart.newBuilder().setTenantId(tenant).setCallId("c-1")).build();
    }

    static DialogueRequest turn(long id, String text) {
        return DialogueRequest.newBuilder().setUserTurn(UserTurn.newBuilder().setTurnId(id).setText(text)).build();
    }

    static DialogueRequest cancel(long id) {
        return DialogueRequest.newBuilder().setCancel(CancelTurn.newBuilder().setTurnId(id)).build();
    }

    List<DialogueResponse> ofTurn(long id) {
        return gateway.getItems().stream().filter(r -> r.getTurnId() == id).toList();
    }

    void awaitDone(long id) {
        eventually(() -> ofTurn(id).stream().anyMatch(DialogueResponse::hasDone));
    }

    void awaitAny(long id) {
        eventually(() -> !ofTurn(id).isEmpty());
    }

    void eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "gave up waiting; got " + gateway.getItems());
            LockSupport.parkNanos(1_000_000);
        }
    }

    static String text(List<DialogueResponse> responses) {
        StringBuilder sb = new StringBuilder();
        responses.stream().filter(DialogueResponse::hasTextDelta).forEach(r -> sb.append(r.getTextDelta()));
        return sb.toString();
    }

    @Test
    void greetsThenAnswersATurn() {
        session.onRequest(start("acme"));
        awaitDone(0);
        assertEquals("Hi, thanks for calling Acme. How can I help you today?", text(ofTurn(0)));
        session.onRequest(turn(1, "what are your opening hours"));
        awaitDone(1);
        assertTrue(text(ofTurn(1)).contains("9 am to 6 pm"));
        assertEquals("flow", ofTurn(1).get(ofTurn(1).size() - 1).getDone().getBrain());
        assertEquals(1, metrics.activeCalls());
    }

    @Test
    void cancelMidTurnDropsTheRestOfTheTurnAndItsEndCall() throws InterruptedException {
        session.onRequest(start("acme"));
        session.onRequest(turn(7, "ok that's all, bye"));
        awaitAny(7);
        assertEquals("Thanks for calling Acme. ", ofTurn(7).get(0).getTextDelta());

        session.onRequest(cancel(7));
        brain.gate.release(10);
        assertTrue(brain.gatedTurnFinished.await(20, TimeUnit.SECONDS));

        assertEquals(1, ofTurn(7).size(), ofTurn(7).toString());
        assertTrue(ofTurn(7).stream().noneMatch(DialogueResponse::hasAction));
        // The call goes on.
        session.onRequest(turn(8, "goodbye"));
        awaitDone(8);
        assertTrue(ofTurn(8).stream().anyMatch(r -> r.hasAction() && r.getAction().hasEndCall()));
    }

    @Test
    void aNewTurnSupersedesOneStillBeingAnswered() throws InterruptedException {
        session.onRequest(start("acme"));
        session.onRequest(turn(7, "can I speak to a human"));
        awaitAny(7);
        session.onRequest(turn(8, "actually, how much is shipping"));
        awaitDone(8);
        brain.gate.release(10);
        assertTrue(brain.gatedTurnFinished.await(20, TimeUnit.SECONDS));
        assertTrue(ofTurn(7).stream().noneMatch(r -> r.hasAction() || r.hasDone()), ofTurn(7).toString());
        assertTrue(text(ofTurn(8)).contains("Shipping is free"));
    }

    @Test
    void heardReplacesTheAgentTurnInHistory() {
        session.onRequest(start("acme"));
        awaitDone(0);
        session.onRequest(DialogueRequest.newBuilder().setHeard(TurnHeard.newBuilder().setTurnId(0)
                .setHeardText("Hi, thanks for calling").setInterrupted(true)).build());
        HistoryEntry greeting = brain.conversation.get().history().get(0);
        assertEquals("Hi, thanks for calling", greeting.text());
        assertTrue(greeting.interrupted());
    }

    @Test
    void ignoresAnEmptyTurnAndBadKeysAndGoesOn() {
        session.onRequest(start("acme"));
        awaitDone(0);
        session.onRequest(turn(1, "   "));
        session.onRequest(DialogueRequest.newBuilder().setDtmf(Dtmf.newBuilder().setTurnId(2).setDigits("12x")).build());
        session.onRequest(turn(3, "where is order 1234"));
        awaitDone(3);
        assertEquals(List.of(), ofTurn(1));
        assertEquals(List.of(), ofTurn(2));
        assertEquals("Order 1 2 3 4 has shipped and is arriving on Friday.", text(ofTurn(3)));
    }

    @Test
    void theRecognizersConfidenceDecidesWhetherAnOrderNumberIsReadBack() {
        session.onRequest(start("acme"));
        awaitDone(0);
        session.onRequest(DialogueRequest.newBuilder().setUserTurn(UserTurn.newBuilder().setTurnId(1)
                .setText("where is order one two three four").setConfidence(0.42f)).build());
        awaitDone(1);
        assertEquals("Just to check, that's order 1 2 3 4?", text(ofTurn(1)));
        // No confidence (0, proto3's unset) is not low confidence: a typed turn is taken as it is.
        session.onRequest(turn(2, "where is order nine zero one two"));
        awaitDone(2);
        assertEquals("Order 9 0 1 2 was delivered on Monday.", text(ofTurn(2)));
    }

    @Test
    void theRecognizersWordsDecidePerValueWhenTheGatewaySendsThem() {
        session.onRequest(start("acme"));
        awaitDone(0);
        // Mean 0.93, but the "two" of the order number was heard at 0.55.
        session.onRequest(DialogueRequest.newBuilder().setUserTurn(UserTurn.newBuilder().setTurnId(1)
                .setText("where is order one two three four").setConfidence(0.93f)
                .addAllWords(words("where", 0.99f, "is", 0.99f, "order", 0.99f, "one", 0.99f, "two", 0.55f,
                        "three", 0.99f, "four", 0.99f))).build());
        awaitDone(1);
        assertEquals("Just to check, that's order 1 2 3 4?", text(ofTurn(1)));
        // Mean 0.74, all of it from words around the number.
        session.onRequest(DialogueRequest.newBuilder().setUserTurn(UserTurn.newBuilder().setTurnId(2)
                .setText("um actually order nine zero one two").setConfidence(0.74f)
                .addAllWords(words("um", 0.2f, "actually", 0.4f, "order", 0.9f, "nine", 0.9f, "zero", 0.9f,
                        "one", 0.9f, "two", 0.92f))).build());
        awaitDone(2);
        assertEquals("Order 9 0 1 2 was delivered on Monday.", text(ofTurn(2)));
    }

    static List<WordConfidence> words(Object... textAndConfidence) {
        List<WordConfidence> words = new ArrayList<>();
        for (int i = 0; i < textAndConfidence.length; i += 2) {
            words.add(WordConfidence.newBuilder().setText((String) textAndConfidence[i])
                    .setConfidence((Float) textAndConfidence[i + 1]).build());
        }
        return words;
    }

    @Test
    void aTurnBeforeStartFailsTheStream() {
        session.onRequest(turn(1, "hello"));
        gateway.awaitFailure(Duration.ofSeconds(5));
        Status status = Status.fromThrowable(gateway.getFailure());
        assertEquals(Status.Code.FAILED_PRECONDITION, status.getCode());
        assertTrue(status.getDescription().contains("must be 'start'"));
    }

    @Test
    void anUnknownTenantIsNotFound() {
        session.onRequest(start("nobody"));
        gateway.awaitFailure(Duration.ofSeconds(5));
        Status status = Status.fromThrowable(gateway.getFailure());
        assertEquals(Status.Code.NOT_FOUND, status.getCode());
        assertEquals("unknown tenant 'nobody'", status.getDescription());
        assertEquals(0, metrics.activeCalls());
    }

    @Test
    void hangingUpReleasesTheCall() {
        session.onRequest(start("acme"));
        awaitDone(0);
        session.onCallerDone();
        gateway.awaitCompletion(Duration.ofSeconds(5));
        assertEquals(0, metrics.activeCalls());
    }
}
