package dev.parley.dialogue.analysis;

import dev.parley.contracts.events.CallAnalyzed;
import dev.parley.contracts.redaction.Redactor;
import dev.parley.dialogue.redaction.SlotRedaction;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code call.analyzed} event as it is published (Kafka, analytics, whoever reads the topic): the tenant's PII
 * masked in the slots, the summary and the values, with what the call recognized for the policy's slots (a tool's
 * argument or a field it returned, such as a patient's name) masked wherever it shows up again. The tenant's own
 * post-call webhook gets the analysis as extracted instead.
 */
final class AnalysisRedaction {

    private AnalysisRedaction() {
    }

    /** @param facts what the call recognized: its tools' arguments and results, whose listed slots are masked */
    static CallAnalyzed masked(CallAnalyzed a, CallRecord.Facts facts, Redactor redactor, AnalysisConfig config) {
        if (!redactor.enabled()) {
            return a;
        }
        List<String> recognized = SlotRedaction.values(redactor, facts.recognized());
        Map<String, Object> values = new LinkedHashMap<>();
        a.values().forEach((name, value) -> values.put(name, value(redactor, config.valuesOrEmpty().get(name), value,
                recognized)));
        return new CallAnalyzed(a.tenantId(), a.callId(), a.timestamp(), a.endReason(), a.callerTurns(), a.intents(),
                a.knowledge(), SlotRedaction.arguments(redactor, a.slots(), recognized), a.tools(), a.transferred(),
                a.misses(), a.fallbacks(), a.goalReached(), redactor.mask(a.summary(), recognized), a.summaryBy(),
                a.sentiment(), values);
    }

    /** A value read from a listed slot is masked whatever it is; any other keeps its type unless it holds PII. */
    private static Object value(Redactor redactor, ValueSpec spec, Object value, List<String> recognized) {
        if (value == null || value instanceof Boolean) {
            return value;
        }
        if (spec != null && spec.slot() != null && redactor.policy().slots().contains(spec.slot())) {
            return Redactor.MASK;
        }
        String text = value.toString();
        if (redactor.find(text, recognized).isEmpty()) {
            return value;
        }
        return redactor.mask(text, recognized);
    }
}
