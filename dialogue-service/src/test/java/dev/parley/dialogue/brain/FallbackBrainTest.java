package dev.parley.dialogue.brain;

import dev.parley.contracts.events.EngineFallback;
import dev.parley.contracts.redaction.RedactionPolicy;
import dev.parley.contracts.redaction.Redactor;
import dev.parley.dialogue.support.Answer;
import dev.parley.dialogue.support.RecordingEventPublisher;
import io.smallrye.mutiny.Multi;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FallbackBrainTest {

    final RecordingEventPublisher events = new RecordingEventPublisher();
    final Conversation call = new Conversation("t1", "call-1", Map.of());

    /** A brain whose dependency is down: it fails before saying anything. */
    static final class DownBrain implements Brain {
        @Override
        public String name() {
            return "flow";
        }

        @Override
        public Multi<BrainOutput> greet(Conversation conversation) {
            return Multi.createFrom().failure(new IOException("backend down"));
        }

        @Override
        public Multi<BrainOutput> respond(Conversation conversation, TurnInput input) {
            return Multi.createFrom().failure(new IOException("backend down"));
        }
    }

    @Test
    void aBrainThatFailsBeforeSpeakingIsReplacedByTheNext() {
        Brain brain = new FallbackBrain(new DownBrain(), new ApologyBrain("Hello.", "Sorry, trouble here."), events);
        Answer a = Answer.say(brain, call, 3, "where is my order 1234");
        assertEquals("Sorry, trouble here.", a.text());
        assertEquals("apology", a.brain());

        EngineFallback fallback = events.ofType(EngineFallback.class).get(0);
        assertEquals(List.of("brain", "flow", "apology"),
                List.of(fallback.stage(), fallback.failedEngine(), fallback.nextEngine()));
        assertTrue(fallback.error().contains("backend down"), fallback.error());
    }

    @Test
    void anErrorQuotingTheCallersNumberIsMaskedInTheFallbackEvent() {
        Brain quoting = new Brain() {
            @Override
            public String name() {
                return "llm";
            }

            @Override
            public Multi<BrainOutput> greet(Conversation conversation) {
                return respond(conversation, null);
            }

            @Override
            public Multi<BrainOutput> respond(Conversation conversation, TurnInput input) {
                return Multi.createFrom().failure(new IllegalStateException("malformed event: {\"text\":\"patient"
                        + " four eight two nine one three\"}"));
            }
        };
        Redactor redactor = new Redactor(new RedactionPolicy(true, 4, true, Set.of()));
        Brain brain = new FallbackBrain(quoting, new ApologyBrain("Hello.", "Sorry, trouble here."), events, null,
                redactor);
        Answer.say(brain, call, 3, "my patient number is four eight two nine one three");

        String error = events.ofType(EngineFallback.class).get(0).error();
        assertEquals("java.lang.IllegalStateException: malformed event: {\"text\":\"patient " + Redactor.MASK
                + "\"}", error);
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
