package dev.parley.dialogue.analysis;

import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.Tenants;
import dev.parley.dialogue.support.WebhookServer;
import dev.parley.dialogue.tenant.Tenant;
import dev.parley.dialogue.tools.ToolResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the post-call webhook tests share: acme posting to a local webhook, and a call that looked an order up. */
final class PostCallFixture {
    private PostCallFixture() {
    }

    /** acme, allowed to post to 127.0.0.1, its post-call URL {@code server}'s, with {@code extraYaml} appended. */
    static Tenant acmePostingTo(WebhookServer server, RecordingEventPublisher events, String extraYaml)
            throws IOException {
        Path dir = Tenants.copy("acme");
        Files.writeString(dir.resolve("tenant.yaml"), Files.readString(dir.resolve("tenant.yaml"))
                + "toolPolicy:\n  allowedHosts: [\"127.0.0.1\"]\n" + extraYaml);
        return Tenants.load(dir, events, Map.of("PARLEY_ACME_POST_CALL_URL", server.url("/calls"),
                "PARLEY_ANALYSIS_SECRET_ACME", "acme-post-call"));
    }

    /** Retries fast: two attempts 10 ms apart. */
    static PostCallAnalysis postCall(RecordingEventPublisher events) {
        return new PostCallAnalysis(events, new SimpleMeterRegistry(), Duration.ofSeconds(1),
                new PostCallWebhook.Retry(2, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(2)),
                Clock.systemUTC());
    }

    /** An acme call whose caller had order 5678 looked up: found, still being packed. */
    static Conversation orderLookedUp(String callId) {
        Conversation call = new Conversation("acme", callId, Map.of());
        CallRecord.of(call).callerTurn(1);
        CallRecord.of(call).toolSucceeded("order_status", Map.of("order", "5678"),
                ToolResult.found(Map.of("state", "packing", "status", "is still being packed")));
        return call;
    }

    /** The webhook's first delivery, waited for up to 5 s. */
    static WebhookServer.Received firstDelivery(WebhookServer server) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.received().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the webhook got nothing");
            LockSupport.parkNanos(1_000_000);
        }
        return server.received().get(0);
    }
}
