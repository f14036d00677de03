package dev.parley.dialogue.analysis;

import dev.parley.contracts.events.CallAnalyzed;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.Tenants;
import dev.parley.dialogue.support.WebhookServer;
import dev.parley.dialogue.tenant.Tenant;
import dev.parley.dialogue.tools.ToolPolicy;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** tenant.yaml's analysis block as the tenant loader reads it, and a loaded tenant's webhook receiving a call. */
class TenantAnalysisTest {

    static final ToolPolicy LOOPBACK = new ToolPolicy(List.of("127.0.0.1"), null, null);
    static final Set<String> TOOLS = Set.of("order_status");

    static AnalysisConfig webhookAt(String url, String secret) {
        return new AnalysisConfig(null, Map.of(), new AnalysisConfig.Webhook(url, secret), null);
    }

    @Test
    void theDemoTenantsLoadTheirBlocksWithoutAWebhookUntilOneIsConfigured() {
        Tenant acme = Tenants.load("acme", new RecordingEventPublisher());
        assertEquals(new AnalysisConfig.Goal("order_status", "found"), acme.analysis().config().goal());
        assertEquals(Set.of("order_number", "resolved", "order_state", "transferred"),
                acme.analysis().config().valuesOrEmpty().keySet());
        assertNull(acme.analysis().webhook(), "PARLEY_ACME_POST_CALL_URL is not set");
        assertNull(acme.analysis().llm(), "acme has no LLM");
        Tenant clinic = Tenants.load("brightsmile", new RecordingEventPublisher());
        assertEquals("book_appointment", clinic.analysis().config().goal().tool());
    }

    @Test
    void aSecretWrittenIntoTheFileIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TenantAnalysis.load("acme",
                webhookAt("http://127.0.0.1/hook", "hunter2"), TOOLS, LOOPBACK, name -> null, null));
        assertTrue(e.getMessage().contains("never written in tenant.yaml"), e.getMessage());
    }

    @Test
    void aHostOutsideTheAllowListIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TenantAnalysis.load("acme",
                webhookAt("https://hooks.example.com/x", "${S}"), TOOLS, LOOPBACK, name -> "secret", null));
        assertTrue(e.getMessage().contains("hooks.example.com"), e.getMessage());
    }

    @Test
    void anEmptyUrlOrAMissingSecretMeansNoWebhook() {
        assertNull(TenantAnalysis.load("acme", webhookAt("${HOOK_URL:}", "${S}"), TOOLS, LOOPBACK,
                Map.of("S", "secret")::get, null).webhook());
        assertNull(TenantAnalysis.load("acme", webhookAt("http://127.0.0.1/x", "${S}"), TOOLS, LOOPBACK,
                name -> null, null).webhook());
        TenantAnalysis.Target target = TenantAnalysis.load("acme", webhookAt("${HOOK_URL:}", "${S}"), TOOLS,
                LOOPBACK, Map.of("HOOK_URL", "http://127.0.0.1:9/x", "S", "secret")::get, null).webhook();
        assertNotNull(target);
        assertEquals("http://127.0.0.1:9/x", target.url().toString());
    }

    @Test
    void goalsAndValuesMustNameTheTenantsToolsAndKnownFacts() {
        Map<String, String> wrong = Map.of(
                "goal:\n    tool: order_lookup\n", "analysis.goal.tool",
                "goal: { tool: order_status, outcome: maybe }\n", "analysis.goal.outcome",
                "values:\n    x: { slot: order, tool: order_status }\n", "analysis.values.x: needs exactly one",
                "values:\n    x: { call: weather }\n", "analysis.values.x: call must be one of",
                "values:\n    x: { slot: order, type: date }\n", "analysis.values.x: type must be one of",
                "values:\n    x: { slot: order, typo: 1 }\n", "typo",
                "webhok: {}\n", "webhok");
        wrong.forEach((block, expected) -> {
            Path dir = Tenants.copy("acme");
            try {
                String yaml = Files.readString(dir.resolve("tenant.yaml"));
                String cut = yaml.substring(0, yaml.indexOf("\nanalysis:")) + "\nanalysis:\n  " + block;
                Files.writeString(dir.resolve("tenant.yaml"), cut);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Tenants.load(dir, new RecordingEventPublisher(), Map.of()), block);
            assertTrue(e.getMessage().contains("tenant.yaml") && e.getMessage().contains(expected),
                    block + " -> " + e.getMessage());
        });
    }

    @Test
    void aLoadedTenantsWebhookGetsTheCallsAnalysis() throws Exception {
        try (WebhookServer server = new WebhookServer("acme-post-call", WebhookServer.json(200, ""))) {
            RecordingEventPublisher events = new RecordingEventPublisher();
            Tenant acme = PostCallFixture.acmePostingTo(server, events, "");
            PostCallAnalysis postCall = PostCallFixture.postCall(events);
            Conversation call = PostCallFixture.orderLookedUp("c-hook");

            CallAnalyzed published = postCall.callEnded(acme, call).get(5, TimeUnit.SECONDS);

            assertEquals(List.of(published), events.ofCall(CallAnalyzed.class, "c-hook"));
            WebhookServer.Received r = PostCallFixture.firstDelivery(server);
            assertTrue(r.signed());
            assertEquals("/calls", r.path());
            assertTrue(r.body().contains("\"values\":{\"order_number\":\"5678\",\"resolved\":true,"
                    + "\"order_state\":\"packing\",\"transferred\":false}"), r.body());
        }
    }
}
