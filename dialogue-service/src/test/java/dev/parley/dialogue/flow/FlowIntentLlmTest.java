package dev.parley.dialogue.flow;

import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.support.Answer;
import dev.parley.dialogue.support.LlmTenants;
import dev.parley.dialogue.support.OpenAiWire;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.ReplayServer;
import dev.parley.dialogue.support.Tenants;
import dev.parley.dialogue.tenant.Tenant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.parley.dialogue.flow.FlowLlmHandoffTest.system;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flow node that hands its turn to the LLM: an acme intent with {@code llm:} instructions (using its slot's value)
 * is collected by the flow, answered by the LLM (a real local server replaying the OpenAI stream), and the call is
 * back with the flow on the next turn.
 */
class FlowIntentLlmTest {

    static final String DAMAGED = "  - name: damaged_item\n"
            + "    examples:\n"
            + "      - my order arrived damaged\n"
            + "      - the item I got is broken\n"
            + "    slots: [order]\n"
            + "    say: \"I'm sorry about order {order|digits}. A replacement is on its way.\"\n"
            + "    llm: \"Order {order} arrived damaged. Apologize, and offer a replacement or a refund.\"\n";

    final RecordingEventPublisher events = new RecordingEventPublisher();
    final ReplayServer server = new ReplayServer();
    final Conversation call = new Conversation("acme", "call-intent-llm", Map.of());

    FlowIntentLlmTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Path acmeWith(String intent) throws IOException {
        Path dir = Tenants.copy("acme");
        Path flow = dir.resolve("flow.yaml");
        Files.writeString(flow, Files.readString(flow).replace("intents:\n", "intents:\n" + intent));
        return dir;
    }

    Tenant load(Path dir, boolean withLlm) throws IOException {
        if (withLlm) {
            Files.writeString(dir.resolve("brain.yaml"),
                    LlmTenants.brainYaml("[flow]", "openai", server.baseUrl() + "/v1", ""));
        }
        return Tenants.load(dir, events, Map.of(LlmTenants.KEY_ENV, LlmTenants.KEY));
    }

    @Test
    void theFlowCollectsTheSlotThenTheLlmAnswersWithinTheIntentsInstructions() throws IOException {
        Tenant acme = load(acmeWith(DAMAGED), true);
        assertEquals("Sure, I can check that for you. What's your order number?",
                Answer.say(acme.brain(), call, 1, "my order arrived damaged").text());
        assertTrue(server.received().isEmpty(), "collecting the slot is the flow's job");

        server.then(ReplayServer.stream(OpenAiWire.answer("I'm so sorry! Would you like a replacement or a refund?")));
        Answer answer = Answer.say(acme.brain(), call, 2, "one two three four");
        assertEquals("I'm so sorry! Would you like a replacement or a refund?", answer.text(), "no back line");
        String system = system(server.received().get(0));
        assertTrue(system.contains("For this turn: Order 1234 arrived damaged. Apologize, and offer a replacement or"
                + " a refund."), system);
        assertTrue(system.contains("Caller gave: number 1234 (turn 2)"), system);

        Answer next = Answer.say(acme.brain(), call, 3, "where is my order");
        assertEquals("flow", next.brain());
        assertEquals(1, server.received().size());
    }

    @Test
    void withoutAnLlmTheIntentSaysItsLine() throws IOException {
        Tenant acme = load(acmeWith(DAMAGED), false);
        Answer.say(acme.brain(), call, 1, "my order arrived damaged");
        assertEquals("I'm sorry about order 1 2 3 4. A replacement is on its way.",
                Answer.say(acme.brain(), call, 2, "1234").text());
        assertTrue(server.received().isEmpty());
    }

    @Test
    void anLlmIntentThatAlsoRunsAToolOrUsesAnUnknownPlaceholderFailsWhenTheTenantLoads() throws IOException {
        IllegalArgumentException withTool = assertThrows(IllegalArgumentException.class, () -> load(acmeWith(
                DAMAGED + "    tool: order_status\n"), true));
        assertTrue(withTool.getMessage().contains("intent 'damaged_item' hands its turn to the LLM"),
                withTool.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> load(acmeWith(
                DAMAGED.replace("Order {order} arrived", "Order {parcel} arrived")), true));
        assertTrue(unknown.getMessage().contains("needs a value for 'parcel'"), unknown.getMessage());
    }
}
