package dev.parley.dialogue.analysis;

import dev.parley.contracts.events.CallAnalyzed;
import dev.parley.contracts.events.EventCodec;
import dev.parley.contracts.events.EventSchemaValidator;
import dev.parley.contracts.redaction.Redactor;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.Tenants;
import dev.parley.dialogue.support.WebhookServer;
import dev.parley.dialogue.tenant.Tenant;
import dev.parley.dialogue.tools.ToolResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** call.analyzed is published with the tenant's PII masked; the tenant's own webhook gets the values as extracted. */
class AnalysisRedactionTest {

    @Test
    void theEventIsMaskedAndTheTenantsWebhookGetsTheRealValues() throws Exception {
        try (WebhookServer server = new WebhookServer("acme-post-call", WebhookServer.json(200, ""))) {
            RecordingEventPublisher events = new RecordingEventPublisher();
            Tenant acme = PostCallFixture.acmePostingTo(server, events, "redaction:\n  digits: 6\n  slots: [order]\n");
            PostCallAnalysis postCall = PostCallFixture.postCall(events);
            Conversation call = PostCallFixture.orderLookedUp("c-masked");

            CallAnalyzed published = postCall.callEnded(acme, call).get(5, TimeUnit.SECONDS);

            assertEquals(List.of(published), events.ofCall(CallAnalyzed.class, "c-masked"));
            assertEquals(Map.of("order", Redactor.MASK), published.slots());
            assertEquals(Redactor.MASK, published.values().get("order_number"));
            assertEquals("packing", published.values().get("order_state"));
            assertEquals(true, published.values().get("resolved"));
            // Four digits are under this tenant's threshold of six: masked only as the recognized order number.
            assertTrue(published.summary().contains("order " + Redactor.MASK), published.summary());
            byte[] encoded = EventCodec.encode(published);
            String json = new String(encoded, StandardCharsets.UTF_8);
            assertFalse(json.contains("5678"), json);
            assertEquals(List.of(), EventSchemaValidator.problems(encoded), "still a valid call.analyzed: " + json);

            WebhookServer.Received r = PostCallFixture.firstDelivery(server);
            assertTrue(r.signed(), "the webhook's signature covers the unmasked body it carries");
            assertEquals("c-masked:analysis", r.header("Idempotency-Key"));
            assertTrue(r.body().contains("\"slots\":{\"order\":\"5678\"}"), r.body());
            assertTrue(r.body().contains("\"order_number\":\"5678\""), r.body());
            assertTrue(r.body().contains("order 5678"), r.body());
        }
    }

    @Test
    void aFieldATaskReturnedIsMaskedWhenThePolicyListsIt() throws Exception {
        try (WebhookServer server = new WebhookServer("acme-post-call", WebhookServer.json(200, ""))) {
            RecordingEventPublisher events = new RecordingEventPublisher();
            Tenant acme = PostCallFixture.acmePostingTo(server, events, "redaction:\n  digits: 6\n  slots: [state]\n");
            PostCallAnalysis postCall = PostCallFixture.postCall(events);

            CallAnalyzed published = postCall.callEnded(acme, PostCallFixture.orderLookedUp("c-field"))
                    .get(5, TimeUnit.SECONDS);

            // The order number is no listed slot and under six digits; the state the tool returned is listed.
            assertEquals("5678", published.values().get("order_number"));
            assertEquals(Redactor.MASK, published.values().get("order_state"));
            String json = new String(EventCodec.encode(published), StandardCharsets.UTF_8);
            assertFalse(json.contains("packing"), json);
            assertTrue(PostCallFixture.firstDelivery(server).body().contains("\"order_state\":\"packing\""));
        }
    }

    @Test
    void aTenantWithoutRedactionPublishesTheAnalysisAsExtracted() throws Exception {
        RecordingEventPublisher events = new RecordingEventPublisher();
        Tenant acme = Tenants.load("acme", events);
        PostCallAnalysis postCall = new PostCallAnalysis(events, new SimpleMeterRegistry(), Duration.ofSeconds(1),
                new PostCallWebhook.Retry(1, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(2)),
                Clock.systemUTC());
        Conversation call = new Conversation("acme", "c-plain", Map.of());
        CallRecord.of(call).toolSucceeded("order_status", Map.of("order", "5678"), ToolResult.found(Map.of()));

        CallAnalyzed published = postCall.callEnded(acme, call).get(5, TimeUnit.SECONDS);

        assertEquals(Map.of("order", "5678"), published.slots());
        assertEquals("5678", published.values().get("order_number"));
    }
}
