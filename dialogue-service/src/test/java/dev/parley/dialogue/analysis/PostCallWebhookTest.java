package dev.parley.dialogue.analysis;

import dev.parley.contracts.events.CallAnalyzed;
import dev.parley.contracts.events.EventSchemaValidator;
import dev.parley.dialogue.support.WebhookServer;
import dev.parley.dialogue.tools.ToolPolicy;
import dev.parley.dialogue.tools.webhook.WebhookSigner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The post-call webhook against a real local HTTP server that checks signatures as a tenant is told to. */
class PostCallWebhookTest {

    static final String SECRET = "post-call-test-secret";
    static final ToolPolicy LOOPBACK = new ToolPolicy(List.of("127.0.0.1"), null, null);
    static final CallAnalyzed EVENT = new CallAnalyzed("acme", "CA-webhook", Instant.parse("2026-12-06T21:00:00Z"),
            "agent-hangup", 2, List.of("order_status", "goodbye"), List.of(), Map.of("order", "1234"),
            List.of(new CallAnalyzed.ToolOutcome("order_status", true, true)), false, 0, 0, true,
            "The caller asked about order status and goodbye. Order status for order 1234: found; the agent ended"
                    + " the call.", "template", null, Map.of("order_number", "1234", "resolved", true));

    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    WebhookServer server;

    @BeforeEach
    void start() throws IOException {
        server = new WebhookServer(SECRET, WebhookServer.json(200, ""));
    }

    @AfterEach
    void stop() {
        server.close();
        timer.shutdownNow();
    }

    PostCallWebhook webhook(int attempts) {
        return new PostCallWebhook(new PostCallWebhook.Retry(attempts, Duration.ofMillis(20), Duration.ofMillis(80),
                Duration.ofSeconds(2)), timer, Clock.systemUTC(), registry);
    }

    TenantAnalysis.Target target() {
        return new TenantAnalysis.Target(URI.create(server.url("/post-call")), new WebhookSigner(SECRET), LOOPBACK);
    }

    double count(String outcome) {
        var counter = registry.find("parley.dialogue.analysis.webhook").tag("tenant", "acme")
                .tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void postsTheEventSignedWithItsIdempotencyKey() throws Exception {
        assertEquals(PostCallWebhook.Outcome.DELIVERED, webhook(3).deliver(target(), EVENT).get(5, TimeUnit.SECONDS));

        List<WebhookServer.Received> got = server.received();
        assertEquals(1, got.size());
        WebhookServer.Received r = got.get(0);
        assertEquals("POST", r.method());
        assertTrue(r.signed(), "the receiver verifies the signature with its copy of the secret");
        assertEquals("CA-webhook:analysis", r.header("Idempotency-Key"));
        assertEquals("call.analyzed", r.header("X-Parley-Event"));
        assertEquals("acme", r.header("X-Parley-Tenant"));
        assertEquals("CA-webhook", r.header("X-Parley-Call-Id"));
        assertEquals(List.of(), EventSchemaValidator.problems(r.body().getBytes(StandardCharsets.UTF_8)),
                "the body is the call.analyzed event: " + r.body());
        assertTrue(r.body().contains("\"order_number\":\"1234\""), r.body());
        assertEquals(1, count("delivered"));
    }

    @Test
    void aSignatureMadeWithAnotherSecretDoesNotVerify() throws Exception {
        webhook(1).deliver(new TenantAnalysis.Target(URI.create(server.url("/post-call")),
                new WebhookSigner("someone-else"), LOOPBACK), EVENT).get(5, TimeUnit.SECONDS);
        assertEquals(false, server.received().get(0).signed());
    }

    @Test
    void triesAgainAfterA503AndSucceedsWithTheSameKey() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server.answer((exchange, request) -> WebhookServer.send(exchange, calls.incrementAndGet() == 1 ? 503 : 200,
                ""));

        assertEquals(PostCallWebhook.Outcome.DELIVERED, webhook(5).deliver(target(), EVENT).get(5, TimeUnit.SECONDS));

        List<WebhookServer.Received> got = server.received();
        assertEquals(2, got.size());
        assertEquals(got.get(0).header("Idempotency-Key"), got.get(1).header("Idempotency-Key"));
        assertEquals(got.get(0).body(), got.get(1).body(), "the same analysis");
        assertTrue(got.get(1).signed(), "every attempt is signed");
        assertEquals(1, count("delivered"));
    }

    @Test
    void aRateLimitIsTriedAgainToo() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server.answer((exchange, request) -> WebhookServer.send(exchange, calls.incrementAndGet() == 1 ? 429 : 204,
                ""));
        assertEquals(PostCallWebhook.Outcome.DELIVERED, webhook(5).deliver(target(), EVENT).get(5, TimeUnit.SECONDS));
        assertEquals(2, server.received().size());
    }

    @Test
    void aBadRequestIsNotTriedAgain() throws Exception {
        server.answer(WebhookServer.json(400, "{\"error\":\"no\"}"));

        assertEquals(PostCallWebhook.Outcome.REJECTED, webhook(5).deliver(target(), EVENT).get(5, TimeUnit.SECONDS));
        Thread.sleep(150); // longer than every backoff: a retry would have come by now
        assertEquals(1, server.received().size());
        assertEquals(1, count("rejected"));
    }

    @Test
    void givesUpAfterItsAttemptsWithAMetric() throws Exception {
        server.answer(WebhookServer.json(503, ""));

        assertEquals(PostCallWebhook.Outcome.GAVE_UP, webhook(3).deliver(target(), EVENT).get(5, TimeUnit.SECONDS));
        assertEquals(3, server.received().size());
        assertEquals(1, count("gave-up"));
    }

    @Test
    void anUnreachableEndpointIsTriedAgainThenGivenUp() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        TenantAnalysis.Target nobody = new TenantAnalysis.Target(URI.create("http://127.0.0.1:" + closedPort + "/x"),
                new WebhookSigner(SECRET), LOOPBACK);
        long start = System.nanoTime();
        assertEquals(PostCallWebhook.Outcome.GAVE_UP, webhook(3).deliver(nobody, EVENT).get(5, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(20 + 40), "waited between attempts");
    }

    @Test
    void aHostNoLongerAllowedIsNotPosted() throws Exception {
        TenantAnalysis.Target target = new TenantAnalysis.Target(URI.create(server.url("/post-call")),
                new WebhookSigner(SECRET), new ToolPolicy(List.of("hooks.example.com"), null, null));
        assertEquals(PostCallWebhook.Outcome.REJECTED, webhook(3).deliver(target, EVENT).get(5, TimeUnit.SECONDS));
        assertEquals(0, server.received().size());
    }

    @Test
    void backoffDoublesUpToItsMaximum() {
        PostCallWebhook.Retry retry = new PostCallWebhook.Retry(6, Duration.ofSeconds(1), Duration.ofSeconds(16),
                Duration.ofSeconds(10));
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 16L), List.of(1, 2, 3, 4, 5, 6).stream()
                .map(n -> retry.backoff(n).toSeconds()).toList());
    }
}
