package dev.parley.dialogue.flow;

import dev.parley.dialogue.brain.Brain;
import dev.parley.dialogue.brain.BrainOutput;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.TurnInput;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.Tenants;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Measures the flow brain's time to first text over 50 varied turns and prints p50/p95. Timings are reported, not
 * asserted (they vary with machine load); the test checks that every turn produced text.
 */
class FlowLatencyTest {

    static final List<String> UTTERANCES = List.of(
            "where is my order", "one two three four", "what are your opening hours", "can I return something",
            "do you charge for shipping", "can I talk to a person", "the purple elephant dances",
            "check order fifty six seventy eight", "thank you", "how long does delivery take");

    @Test
    void timeToFirstText() {
        Brain brain = Tenants.load("acme", new RecordingEventPublisher()).brain();
        Conversation call = new Conversation("acme", "latency", Map.of());
        for (int i = 0; i < 5; i++) {
            firstTextNanos(brain, call, i, UTTERANCES.get(i));
        }
        List<Long> samples = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            samples.add(firstTextNanos(brain, call, 100 + i, UTTERANCES.get(i % UTTERANCES.size())));
        }
        Collections.sort(samples);
        System.out.printf("flow brain time-to-first-text over %d turns: p50=%.1f ms p95=%.1f ms max=%.1f ms%n",
                samples.size(), samples.get(24) / 1e6, samples.get(47) / 1e6, samples.get(49) / 1e6);
        assertEquals(50, samples.size());
    }

    static long firstTextNanos(Brain brain, Conversation call, long turnId, String text) {
        long start = System.nanoTime();
        BrainOutput first = brain.respond(call, TurnInput.speech(turnId, text))
                .select().first().toUni().await().atMost(Duration.ofSeconds(10));
        long elapsed = System.nanoTime() - start;
        assertEquals(BrainOutput.Text.class, first.getClass(), text);
        return elapsed;
    }
}
