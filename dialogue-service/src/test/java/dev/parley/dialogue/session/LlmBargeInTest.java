package dev.parley.dialogue.session;

import dev.parley.dialogue.tracing.DialogueTracing;
import io.opentelemetry.api.OpenTelemetry;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.contracts.dialogue.v1.DialogueRequest;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.dialogue.v1.TurnHeard;
import dev.parley.dialogue.support.LlmTenants;
import dev.parley.dialogue.support.OpenAiWire;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.ReplayServer;
import dev.parley.dialogue.tenant.Tenant;
import dev.parley.dialogue.tenant.TenantDirectory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Barge-in on an LLM turn through the call's stream, as the gateway drives it: cancel stops the provider's HTTP
 * stream, and the next prompt carries what the caller actually heard, flagged as interrupted.
 */
class LlmBargeInTest {

    final ReplayServer server;
    final AssertSubscriber<DialogueResponse> gateway;
    CallSession session;

    LlmBargeInTest() throws Exception {
        server = new ReplayServer();
        Tenant acme = LlmTenants.load("acme", LlmTenants.brainYaml("openai", server.baseUrl() + "/v1", ""),
                new RecordingEventPublisher());
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
        DialogueMetrics metrics = new DialogueMetrics(new SimpleMeterRegistry());
        gateway = Multi.createFrom().<DialogueResponse>emitter(out -> session = new CallSession(out, directory, metrics,
                new DialogueTracing(OpenTelemetry.noop())))
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
    }

    @AfterEach
    void stop() {
        session.close();
        server.close();
    }

    List<DialogueResponse> ofTurn(long id) {
        return gateway.getItems().stream().filter(r -> r.getTurnId() == id).toList();
    }

    void eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "gave up waiting; got " + gateway.getItems());
            LockSupport.parkNanos(1_000_000);
        }
    }

    @Test
    void aCancelledLlmTurnReleasesItsStreamAndIsRememberedAsHeard() throws Exception {
        session.onRequest(CallSessionTest.start("acme"));
        eventually(() -> ofTurn(0).stream().anyMatch(DialogueResponse::hasDone));

        server.then(ReplayServer.thenHold(List.of(OpenAiWire.role(), OpenAiWire.text("We're open Monday "),
                OpenAiWire.text("to Friday. "), OpenAiWire.text("On weekends "))));
        session.onRequest(CallSessionTest.turn(1, "when are you open"));
        eventually(() -> !ofTurn(1).isEmpty());
        session.onRequest(CallSessionTest.cancel(1));
        assertTrue(server.clientGone.await(10, TimeUnit.SECONDS), "the cancelled turn still holds a connection");
        session.onRequest(DialogueRequest.newBuilder().setHeard(TurnHeard.newBuilder().setTurnId(1)
                .setHeardText("We're open Monday").setInterrupted(true)).build());

        server.then(ReplayServer.stream(OpenAiWire.answer("Yes, Saturdays too? No, we're closed then.")));
        session.onRequest(CallSessionTest.turn(2, "is that on saturdays too"));
        eventually(() -> ofTurn(2).stream().anyMatch(DialogueResponse::hasDone));

        assertEquals("We're open Monday ", ofTurn(1).get(0).getTextDelta(), "the first words go out as they come");
        assertTrue(ofTurn(1).stream().noneMatch(DialogueResponse::hasDone), "a cancelled turn sends nothing more");
        JsonNode messages = server.received().get(1).body().get("messages");
        assertEquals("We're open Monday [the caller interrupted here]",
                messages.get(messages.size() - 2).get("content").asText());
        assertEquals("openai:gpt-4o-mini", ofTurn(2).get(ofTurn(2).size() - 1).getDone().getBrain());
    }
}
