package dev.parley.dialogue.analysis;

import dev.parley.contracts.events.CallAnalyzed;
import dev.parley.contracts.events.EventCodec;
import dev.parley.contracts.events.EventSchemaValidator;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.llm.LlmEvent;
import dev.parley.dialogue.llm.LlmProvider;
import dev.parley.dialogue.llm.LlmRequest;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.tenant.Tenant;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Multi;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tenant with an LLM: its summary and sentiment when it answers usably in time, the template's otherwise. */
class LlmReviewTest {

    /** A provider that streams {@code answer} in two pieces, or never answers when it is null. */
    static final class ScriptedLlm implements LlmProvider {
        final String answer;
        final List<LlmRequest> asked = new CopyOnWriteArrayList<>();

        ScriptedLlm(String answer) {
            this.answer = answer;
        }

        @Override
        public String name() {
            return "openai:test-model";
        }

        @Override
        public Multi<LlmEvent> stream(LlmRequest request) {
            asked.add(request);
            if (answer == null) {
                return Multi.createFrom().nothing();
            }
            int half = answer.length() / 2;
            return Multi.createFrom().items(new LlmEvent.TextDelta(answer.substring(0, half)),
                    new LlmEvent.TextDelta(answer.substring(half)), new LlmEvent.Finished("stop"));
        }
    }

    static CallAnalyzed analyse(LlmProvider llm, AnalysisConfig config) throws Exception {
        RecordingEventPublisher events = new RecordingEventPublisher();
        PostCallAnalysis postCall = new PostCallAnalysis(events, new SimpleMeterRegistry(), Duration.ofMillis(300),
                new PostCallWebhook.Retry(1, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(1)),
                Clock.systemUTC());
        Tenant tenant = new Tenant("acme", "Acme", null,
                TenantAnalysis.load("acme", config, java.util.Set.of(), null, name -> null, llm));
        Conversation call = new Conversation("acme", "c-llm", Map.of());
        call.addCallerTurn(1, "where is my order 1234");
        call.addAgentTurn(1, "Order 1 2 3 4 has shipped.");
        CallRecord.of(call).callerTurn(1);
        CallAnalyzed a = postCall.callEnded(tenant, call).get(5, TimeUnit.SECONDS);
        assertEquals(List.of(a), events.ofCall(CallAnalyzed.class, "c-llm"));
        assertEquals(List.of(), EventSchemaValidator.problems(EventCodec.encode(a)));
        return a;
    }

    @Test
    void theLlmsSummaryAndSentimentAreTakenWhenUsable() throws Exception {
        ScriptedLlm llm = new ScriptedLlm("Sure! {\"summary\": \"The caller checked order 1234, which has shipped.\","
                + " \"sentiment\": \"Positive\"}");
        CallAnalyzed a = analyse(llm, AnalysisConfig.NONE);

        assertEquals("The caller checked order 1234, which has shipped.", a.summary());
        assertEquals("positive", a.sentiment());
        assertEquals("openai:test-model", a.summaryBy());
        String asked = llm.asked.get(0).messages().get(0).text();
        assertTrue(asked.contains("Caller: where is my order 1234") && asked.contains("Agent: Order 1 2 3 4"), asked);
        assertTrue(asked.contains("What the system recorded: The caller took 1 turn."), asked);
    }

    @Test
    void aSentimentOutsideTheThreeIsLeftOutNotGuessed() throws Exception {
        CallAnalyzed a = analyse(new ScriptedLlm("{\"summary\": \"Order checked.\", \"sentiment\": \"ecstatic\"}"),
                AnalysisConfig.NONE);
        assertEquals("Order checked.", a.summary());
        assertNull(a.sentiment());
    }

    @Test
    void anUnusableAnswerLeavesTheTemplatesSummaryAndNoSentiment() throws Exception {
        CallAnalyzed a = analyse(new ScriptedLlm("I cannot help with that."), AnalysisConfig.NONE);
        assertEquals("template", a.summaryBy());
        assertEquals("The caller took 1 turn. The caller hung up.", a.summary());
        assertNull(a.sentiment());
    }

    @Test
    void anLlmThatNeverAnswersIsWaitedForOnlyItsTimeout() throws Exception {
        // analyse() waits at most 5 s for the published event: without the 300 ms timeout it would never come.
        long start = System.nanoTime();
        CallAnalyzed a = analyse(new ScriptedLlm(null), AnalysisConfig.NONE);
        assertEquals("template", a.summaryBy());
        assertNull(a.sentiment());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300), "the LLM had its time");
    }

    @Test
    void aTenantCanKeepItsLlmOutOfTheAnalysis() throws Exception {
        ScriptedLlm llm = new ScriptedLlm("{\"summary\": \"x\", \"sentiment\": \"neutral\"}");
        CallAnalyzed a = analyse(llm, new AnalysisConfig(null, Map.of(), null, false));
        assertEquals("template", a.summaryBy());
        assertEquals(List.of(), llm.asked);
    }
}
