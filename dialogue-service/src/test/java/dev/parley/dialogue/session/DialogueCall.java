package dev.parley.dialogue.session;

import dev.parley.contracts.dialogue.v1.DialogueRequest;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.tenant.Tenant;
import dev.parley.dialogue.tenant.TenantDirectory;
import dev.parley.dialogue.tracing.DialogueTracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** One call's stream as the gateway drives it: requests in, responses collected, the call's conversation at hand. */
final class DialogueCall implements AutoCloseable {
    final GatedBrain brain;
    final CallSession session;
    final AssertSubscriber<DialogueResponse> gateway;

    /** Opens the call and waits for its greeting. */
    DialogueCall(Tenant tenant) {
        // Not gated (no turn 99): the wrapper only captures the call's conversation.
        brain = new GatedBrain(tenant.brain(), 99, Infrastructure.getDefaultWorkerPool());
        Tenant wrapped = new Tenant(tenant.id(), tenant.displayName(), brain);
        TenantDirectory directory = new TenantDirectory() {
            @Override
            public Optional<Tenant> find(String id) {
                return tenant.id().equals(id) ? Optional.of(wrapped) : Optional.empty();
            }

            @Override
            public Optional<String> failure(String id) {
                return Optional.empty();
            }
        };
        CallSession[] opened = new CallSession[1];
        gateway = Multi.createFrom().<DialogueResponse>emitter(out -> opened[0] = new CallSession(out, directory,
                        new DialogueMetrics(new SimpleMeterRegistry()), new DialogueTracing(OpenTelemetry.noop())))
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        session = opened[0];
        session.onRequest(CallSessionTest.start(tenant.id()));
        eventually(() -> ofTurn(0).stream().anyMatch(DialogueResponse::hasDone));
    }

    void send(DialogueRequest request) {
        session.onRequest(request);
    }

    Conversation conversation() {
        return brain.conversation.get();
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

    @Override
    public void close() {
        session.close();
    }
}
