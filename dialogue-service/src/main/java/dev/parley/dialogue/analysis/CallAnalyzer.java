package dev.parley.dialogue.analysis;

import dev.parley.contracts.events.CallAnalyzed;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deterministic analysis of a call: everything but an LLM's summary and sentiment, from its {@link CallRecord}
 * and the tenant's {@link AnalysisConfig}. A pure function: the same call always gives the same analysis.
 */
final class CallAnalyzer {

    private CallAnalyzer() {
    }

    static CallAnalyzed analyze(String tenantId, String callId, Instant at, CallRecord.Facts facts,
                                AnalysisConfig config) {
        Boolean goalReached = config.goal() == null ? null : config.goal().reachedBy(facts);
        // Jackson writes a null map value as null, which the schema allows: "asked for, not in this call".
        Map<String, Object> values = new LinkedHashMap<>();
        config.valuesOrEmpty().forEach((name, spec) -> values.put(name, spec.valueIn(facts, goalReached)));
        List<CallAnalyzed.ToolOutcome> tools = facts.tools().stream()
                .map(run -> new CallAnalyzed.ToolOutcome(run.tool(), run.ok(), run.found())).toList();
        return new CallAnalyzed(tenantId, callId, at, facts.endReason(), facts.callerTurns(), facts.intents(),
                facts.knowledge(), facts.slots(), tools, facts.transferred(), facts.misses(), facts.fallbacks(),
                goalReached, TemplateSummary.of(facts), TemplateSummary.BY, null, values);
    }

    /** {@code analysis} with an LLM's summary and sentiment in place of the template's. */
    static CallAnalyzed reviewed(CallAnalyzed a, LlmReview.Review review) {
        return new CallAnalyzed(a.tenantId(), a.callId(), a.timestamp(), a.endReason(), a.callerTurns(), a.intents(),
                a.knowledge(), a.slots(), a.tools(), a.transferred(), a.misses(), a.fallbacks(), a.goalReached(),
                review.summary(), review.by(), review.sentiment(), a.values());
    }
}
