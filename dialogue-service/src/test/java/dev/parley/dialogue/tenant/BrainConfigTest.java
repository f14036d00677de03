package dev.parley.dialogue.tenant;

import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.support.Answer;
import dev.parley.dialogue.support.LlmTenants;
import dev.parley.dialogue.support.RecordingEventPublisher;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** brain.yaml mistakes are caught at load with the file named; a missing API key degrades to the flow brain. */
class BrainConfigTest {

    final RecordingEventPublisher events = new RecordingEventPublisher();

    @Test
    void anUnknownBrainInTheChainFailsTheTenantWithTheFileNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LlmTenants.load("acme", "chain: [llm, magic]\n", events));
        assertTrue(e.getMessage().contains("brain.yaml") && e.getMessage().contains("unknown brain 'magic'"),
                e.getMessage());
    }

    @Test
    void aMisspelledKeyIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LlmTenants.load("acme",
                LlmTenants.brainYaml("openai", "http://127.0.0.1:9/v1", "  firstTokenTimeout: 5\n"), events));
        assertTrue(e.getMessage().contains("firstTokenTimeout"), e.getMessage());
    }

    @Test
    void aBreakerThatCouldNeverCloseOrOpenIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LlmTenants.load("acme",
                LlmTenants.brainYaml("openai", "http://127.0.0.1:9/v1", "  breaker: { failures: 0 }\n"), events));
        assertTrue(e.getMessage().contains("brain.yaml") && e.getMessage().contains("llm.breaker.failures"),
                e.getMessage());
    }

    @Test
    void anUnsetApiKeyVariableLeavesTheLlmOutAndTheFlowBrainAnswers() {
        String yaml = LlmTenants.brainYaml("openai", "http://127.0.0.1:9/v1", "")
                .replace(LlmTenants.KEY_ENV, "PARLEY_TEST_UNSET_KEY");
        Tenant acme = LlmTenants.load("acme", yaml, events);
        Answer a = Answer.say(acme.brain(), new Conversation("acme", "c", Map.of()), 1, "what are your opening hours");
        assertEquals("flow", a.brain());
    }
}
