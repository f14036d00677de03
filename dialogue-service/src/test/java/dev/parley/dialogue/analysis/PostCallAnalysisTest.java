package dev.parley.dialogue.analysis;

import dev.parley.contracts.dialogue.v1.CallStart;
import dev.parley.contracts.dialogue.v1.DialogueRequest;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.dialogue.v1.UserTurn;
import dev.parley.contracts.events.CallAnalyzed;
import dev.parley.contracts.events.EventCodec;
import dev.parley.contracts.events.EventSchemaValidator;
import dev.parley.dialogue.session.CallSession;
import dev.parley.dialogue.session.DialogueMetrics;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole calls through the call session, answered by the real acme tenant (its tenant.yaml's analysis block): the
 * gateway ending the call publishes one call.analyzed, read from what the call came to, valid against its schema.
 */
class PostCallAnalysisTest {

    static RecordingEventPublisher events = new RecordingEventPublisher();
    static Tenant acme;

    PostCallAnalysis postCall;
    CallSession session;
    AssertSubscriber<DialogueResponse> gateway;

    @BeforeAll
    static void loadTenant() {
        acme = Tenants.load("acme", events);
    }

    @BeforeEach
    void openStream() {
        events.clear();
        postCall = new PostCallAnalysis(events, new SimpleMeterRegistry(), Duration.ofSeconds(1),
                new PostCallWebhook.Retry(1, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(2)),
                Clock.systemUTC());
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
        gateway = Multi.createFrom().<DialogueResponse>emitter(out -> session = new CallSession(out, directory,
                        new DialogueMetrics(new SimpleMeterRegistry()), new DialogueTracing(OpenTelemetry.noop()),
                        postCall))
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
    }

    /** Plays the caller's lines (each answered to its end), then the gateway ends the call. */
    CallAnalyzed call(String callId, String... said) throws Exception {
        session.onRequest(DialogueRequest.newBuilder().setStart(CallStart.newBuilder().setTenantId("acme")
                .setCallId(callId)).build());
        awaitDone(0);
        long turn = 0;
        for (String text : said) {
            turn++;
            session.onRequest(DialogueRequest.newBuilder().setUserTurn(UserTurn.newBuilder().setTurnId(turn)
                    .setText(text)).build());
            awaitDone(turn);
        }
        session.onCallerDone();
        awaitPublished(callId);
        List<CallAnalyzed> published = events.ofCall(CallAnalyzed.class, callId);
        assertEquals(1, published.size(), "one analysis per call: " + published);
        CallAnalyzed analyzed = published.get(0);
        assertEquals(List.of(), EventSchemaValidator.problems(EventCodec.encode(analyzed)), analyzed.toString());
        return analyzed;
    }

    void awaitDone(long turnId) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (gateway.getItems().stream().noneMatch(r -> r.getTurnId() == turnId && r.hasDone())) {
            assertTrue(System.nanoTime() < deadline, "turn " + turnId + " not answered: " + gateway.getItems());
            LockSupport.parkNanos(1_000_000);
        }
    }

    static void awaitPublished(String callId) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (events.ofCall(CallAnalyzed.class, callId).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no call.analyzed for " + callId);
            LockSupport.parkNanos(1_000_000);
        }
    }

    @Test
    void anOrderFoundReachesTheGoalAndGivesTheTenantsValues() throws Exception {
        CallAnalyzed a = call("c-found", "where is my order 1234", "what are your opening hours", "goodbye");

        assertEquals("acme", a.tenantId());
        assertEquals("agent-hangup", a.endReason());
        assertEquals(3, a.callerTurns());
        assertEquals(List.of("order_status", "goodbye"), a.intents());
        assertEquals(1, a.knowledge().size(), a.knowledge().toString());
        assertEquals(List.of(new CallAnalyzed.ToolOutcome("order_status", true, true)), a.tools());
        assertEquals(Map.of("order", "1234"), a.slots());
        assertEquals(Boolean.TRUE, a.goalReached());
        assertEquals("1234", a.values().get("order_number"));
        assertEquals(Boolean.TRUE, a.values().get("resolved"));
        assertEquals("shipped", a.values().get("order_state"));
        assertEquals(Boolean.FALSE, a.values().get("transferred"));
        assertEquals("template", a.summaryBy());
        assertNull(a.sentiment(), "no LLM, no sentiment");
        assertTrue(a.summary().startsWith("The caller asked about order status, goodbye and "), a.summary());
        assertTrue(a.summary().endsWith("Order status for order 1234: found; the agent ended the call."),
                a.summary());
    }

    @Test
    void anOrderNotFoundMissesTheGoal() throws Exception {
        CallAnalyzed a = call("c-missing", "where is my order 4444");

        assertEquals("caller-hangup", a.endReason());
        assertEquals(List.of(new CallAnalyzed.ToolOutcome("order_status", true, false)), a.tools());
        assertEquals(Boolean.FALSE, a.goalReached());
        assertEquals("4444", a.values().get("order_number"));
        assertEquals(Boolean.FALSE, a.values().get("resolved"));
        assertNull(a.values().get("order_state"));
        assertTrue(a.values().containsKey("order_state"), "asked for, so present, as null");
        assertEquals("The caller asked about order status. Order status for order 4444: not found; the caller hung"
                + " up.", a.summary());
    }

    @Test
    void aTransferIsTheEndReasonAndAValue() throws Exception {
        CallAnalyzed a = call("c-transfer", "can I talk to a person");

        assertEquals("transferred", a.endReason());
        assertTrue(a.transferred());
        assertEquals(Boolean.TRUE, a.values().get("transferred"));
        assertEquals(Boolean.FALSE, a.goalReached());
        assertEquals(List.of("transfer"), a.intents());
        assertTrue(a.summary().endsWith("The caller was transferred to a person."), a.summary());
    }

    @Test
    void aCallerWhoHangsUpAtOnceGetsAnAnalysisToo() throws Exception {
        CallAnalyzed a = call("c-early");

        assertEquals("caller-hangup", a.endReason());
        assertEquals(0, a.callerTurns());
        assertEquals(List.of(), a.tools());
        assertEquals(Boolean.FALSE, a.goalReached());
        assertNull(a.values().get("order_number"));
        assertEquals(Boolean.FALSE, a.values().get("resolved"), "the look-up never ran: nothing found");
        assertEquals("The call ended before the caller said anything.", a.summary());
    }

    @Test
    void missesAreCounted() throws Exception {
        CallAnalyzed a = call("c-lost", "purple monkey dishwasher", "the quantum flux of bananas");

        assertEquals(2, a.misses());
        assertEquals(List.of(), a.intents());
        assertTrue(a.summary().startsWith("The caller took 2 turns the agent did not understand."), a.summary());
    }

    @Test
    void aCallEndingWhileTheServiceStopsStillClosesItsStream() throws Exception {
        session.onRequest(DialogueRequest.newBuilder().setStart(CallStart.newBuilder().setTenantId("acme")
                .setCallId("c-stopping")).build());
        awaitDone(0);
        postCall.stop();
        session.onCallerDone();
        gateway.awaitCompletion(Duration.ofSeconds(5));
        assertEquals(List.of(), events.ofCall(CallAnalyzed.class, "c-stopping"));
    }

    @Test
    void aStreamThatFailsIsNotAnalysedHereForTheCallMayGoOnElsewhere() throws Exception {
        session.onRequest(DialogueRequest.newBuilder().setStart(CallStart.newBuilder().setTenantId("acme")
                .setCallId("c-moved")).build());
        awaitDone(0);
        session.onCallerError(new RuntimeException("connection reset"));
        // Whatever the analysis thread had queued before this one has run once this one has.
        postCall.callEnded(acme, new dev.parley.dialogue.brain.Conversation("acme", "c-probe", Map.of()))
                .get(5, TimeUnit.SECONDS);
        assertEquals(List.of(), events.ofCall(CallAnalyzed.class, "c-moved"));
        assertFalse(Arrays.asList(events.ofType(CallAnalyzed.class).stream().map(CallAnalyzed::callId)
                .toArray()).contains("c-moved"));
    }
}
