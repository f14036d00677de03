package dev.parley.dialogue.session;

import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.dialogue.v1.TurnDone;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.Tenants;
import dev.parley.dialogue.tenant.Tenant;
import dev.parley.dialogue.tenant.TenantDirectory;
import dev.parley.dialogue.tracing.DialogueTracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway cannot tell a name from other words: each TurnDone tells it what the call recognized that the tenant
 * redacts — a tool's argument or a field it returned — so its transcripts and recordings mask those too.
 */
class TurnDoneRedactValuesTest {

    @Test
    void aDoneCarriesTheListedValuesTheCallRecognizedSoFar() throws IOException {
        List<DialogueResponse> redacting = converse("redaction:\n  digits: 8\n  slots: [order, state]\n");
        assertEquals(List.of(), done(redacting, 0).getRedactValuesList(), "nothing is recognized before a turn");
        assertEquals(List.of("1234", "shipped"), done(redacting, 1).getRedactValuesList().stream().sorted().toList());

        List<DialogueResponse> plain = converse("");
        assertEquals(List.of(), done(plain, 1).getRedactValuesList(), "a tenant that redacts nothing sends nothing");
    }

    private static List<DialogueResponse> converse(String extraYaml) throws IOException {
        Path dir = Tenants.copy("acme");
        Files.writeString(dir.resolve("tenant.yaml"), Files.readString(dir.resolve("tenant.yaml")) + extraYaml);
        Tenant acme = Tenants.load(dir, new RecordingEventPublisher(), Map.of());
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
        AssertSubscriber<DialogueResponse> gateway = Multi.createFrom().<DialogueResponse>emitter(out ->
                        session[0] = new CallSession(out, directory, new DialogueMetrics(new SimpleMeterRegistry()),
                                new DialogueTracing(OpenTelemetry.noop())))
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        session[0].onRequest(CallSessionTest.start("acme"));
        session[0].onRequest(CallSessionTest.turn(1, "where is my order one two three four"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (gateway.getItems().stream().noneMatch(r -> r.getTurnId() == 1 && r.hasDone())) {
            assertTrue(System.nanoTime() < deadline, "no answer to turn 1: " + gateway.getItems());
            LockSupport.parkNanos(1_000_000);
        }
        return gateway.getItems();
    }

    private static TurnDone done(List<DialogueResponse> responses, long turnId) {
        return responses.stream().filter(r -> r.getTurnId() == turnId && r.hasDone()).findFirst().orElseThrow()
                .getDone();
    }
}
