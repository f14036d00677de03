package dev.parley.dialogue.warmup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The warm-up's caller turns come from the tenant's files and steer clear of anything with an effect outside. */
class TenantScriptTest {
    static final Path TENANTS = Path.of(System.getProperty("parley.tenants.dir", "../tenants"));

    @Test
    void brightsmileIsAskedAQuestionAndAnOffScriptTurnButNeverToBook() throws Exception {
        TenantScript script = TenantScript.of(TENANTS.resolve("brightsmile"));
        assertTrue(script.greets());
        assertEquals("When are you open? What are your opening hours?", script.turns().get(0));
        assertEquals(TenantScript.OFF_SCRIPT, script.turns().get(1));
        // The first tool-free intent that neither transfers nor hangs up.
        assertEquals("thank you", script.turns().get(2));
        String booking = Files.readString(TENANTS.resolve("brightsmile/flow.yaml"));
        for (String turn : script.turns()) {
            assertFalse(turn.contains("appointment") || turn.contains("patient number"), turn);
            assertTrue(turn.equals(TenantScript.OFF_SCRIPT) || Files.readString(
                    TENANTS.resolve("brightsmile/knowledge/clinic.md")).contains(turn) || booking.contains(turn), turn);
        }
    }

    @Test
    void acmeNeverSaysAnOrderNumber() throws Exception {
        TenantScript script = TenantScript.of(TENANTS.resolve("acme"));
        assertTrue(script.greets());
        assertTrue(script.turns().size() >= 2, script.turns().toString());
        script.turns().forEach(t -> assertFalse(t.matches(".*\\d.*") || t.contains("order"), t));
    }

    @Test
    void aTenantWhoseChainStartsWithTheLlmIsNotCalledAtAll(@TempDir Path dir) throws Exception {
        Path tenant = dir.resolve("llmfirst");
        Files.createDirectories(tenant);
        Files.copy(TENANTS.resolve("acme/flow.yaml"), tenant.resolve("flow.yaml"));
        Files.writeString(tenant.resolve("brain.yaml"), """
                chain: [llm, flow]
                llm:
                  provider: openai
                  model: some-model
                  endpoint: http://127.0.0.1:9/v1
                """);
        TenantScript script = TenantScript.of(tenant);
        assertFalse(script.greets());
        assertTrue(script.turns().isEmpty());
        assertTrue(script.note().contains("LLM"), script.note());
    }
}
