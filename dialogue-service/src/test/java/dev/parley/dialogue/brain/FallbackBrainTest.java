package dev.parley.dialogue.brain;

import dev.parley.contracts.events.EngineFallback;
import dev.parley.contracts.events.ToolInvoked;
import dev.parley.dialogue.flow.FlowBrain;
import dev.parley.dialogue.flow.FlowDefinition;
import dev.parley.dialogue.knowledge.KnowledgeBase;
import dev.parley.dialogue.support.Answer;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.SharedEmbedder;
import dev.parley.dialogue.tools.Tool;
import dev.parley.dialogue.tools.ToolDefinition;
import dev.parley.dialogue.tools.ToolResult;
import dev.parley.dialogue.tools.ToolRunner;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class FallbackBrainTest {

    final RecordingEventPublisher events = new RecordingEventPublisher();
    final Conversation call = new Conversation("t1", "call-1", Map.of());

    /** An order-status backend that is down. */
    static final class DownTool implements Tool {
        @Override
        public String name() {
            return "status";
        }

        @Override
        public Uni<ToolResult> invoke(Map<String, String> arguments) {
            return Uni.createFrom().failure(new IOException("backend down"));
        }
    }

    FlowBrain flowWithBrokenTool() {
        FlowDefinition flow = new FlowDefinition("Hello.", "Say again?", null,
                new FlowDefinition.Matching(0.8, 0.04), null,
                Map.of("order", new FlowDefinition.Slot("digits", 4, 4, "Which order?", null, null, null)),
                Map.of("status", new ToolDefinition("json-lookup", "orders.json", "order")),
                List.of(new FlowDefinition.Intent("order_status", List.of("where is my order"), List.of("order"),
                        "status", "Order {order} {state}.", null, null, null)));
        return new FlowBrain(flow, SharedEmbedder.get(), KnowledgeBase.empty(), Map.of("status", new DownTool()),
                new ToolRunner(events), Infrastructure.getDefaultWorkerPool());
    }

    @Test
    void aFailingToolMakesTheApologyBrainAnswer() {
        Brain brain = new FallbackBrain(flowWithBrokenTool(), new ApologyBrain("Hello.", "Sorry, trouble here."), events);
        Answer a = Answer.say(brain, call, 3, "where is my order 1234");
        assertEquals("Sorry, trouble here.", a.text());
        assertEquals("apology", a.brain());

        ToolInvoked run = events.ofType(ToolInvoked.class).get(0);
        assertFalse(run.ok());
        assertEquals(Map.of("order", "1234"), run.arguments());
        EngineFallback fallback = events.ofType(EngineFallback.class).get(0);
        assertEquals(List.of("brain", "flow", "apology"),
                List.of(fallback.stage(), fallback.failedEngine(), fallback.nextEngine()));
    }

    @Test
    void aFailureAfterSomeTextEndsTheTurnInsteadOfStartingOver() {
        Brain talksThenFails = new Brain() {
            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public Multi<BrainOutput> greet(Conversation conversation) {
                return Multi.createFrom().empty();
            }

            @Override
            public Multi<BrainOutput> respond(Conversation conversation, TurnInput input) {
                return Multi.createBy().concatenating().streams(
                        Multi.createFrom().item(new BrainOutput.Text("Let me see. ")),
                        Multi.createFrom().failure(new IllegalStateException("lost it")));
            }
        };
        Brain brain = new FallbackBrain(talksThenFails, new ApologyBrain("Hi.", "Sorry."), events);
        Answer a = Answer.say(brain, call, 1, "hello");
        assertEquals("Let me see. ", a.text());
        assertEquals("flaky", a.brain());
    }
}
