package dev.parley.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a call came to, once it is over (dialogue-service's post-call analysis): read deterministically from the call's
 * state, the summary and sentiment from the tenant's LLM when it has one. Published once per call, after it ended;
 * the same JSON is posted to the tenant's post-call webhook.
 *
 * @param endReason    "caller-hangup", "agent-hangup" or "transferred", as the dialogue saw the call end
 * @param callerTurns  turns the caller took (spoken or keyed)
 * @param intents      the flow's intents the call went through, in first-seen order
 * @param knowledge    the knowledge answers given (their headings), in first-seen order
 * @param slots        the values the caller gave that tools acted on, by argument name (the newest of each)
 * @param tools        every tool run, in order
 * @param transferred  the agent handed the caller to a human
 * @param misses       turns the flow did not understand (fallback, re-ask, options)
 * @param fallbacks    turns no brain could answer, said as an apology
 * @param goalReached  per the tenant's goal; null when it defines none
 * @param summary      one or two sentences
 * @param summaryBy    "template" (built from the state) or the LLM that wrote it (e.g. "openai:gpt-4o-mini")
 * @param sentiment    "positive", "neutral" or "negative", only when an LLM judged it; else null
 * @param values       the values the tenant's tenant.yaml asks for (string, boolean, number or null), by name
 */
public record CallAnalyzed(String tenantId, String callId, Instant timestamp,
                           String endReason, int callerTurns, List<String> intents, List<String> knowledge,
                           Map<String, String> slots, List<ToolOutcome> tools, boolean transferred, int misses,
                           int fallbacks, Boolean goalReached, String summary, String summaryBy, String sentiment,
                           Map<String, Object> values) implements CallEvent {
    public static final String TYPE = "call.analyzed";

    /** One tool run: {@code ok} the tool answered, {@code found} it found what was asked for. */
    public record ToolOutcome(String tool, boolean ok, boolean found) {
    }
}
