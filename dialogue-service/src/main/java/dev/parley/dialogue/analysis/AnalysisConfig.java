package dev.parley.dialogue.analysis;

import java.util.Map;
import java.util.Set;

/**
 * The {@code analysis:} block of a tenant.yaml: when a call reached its goal, the values the tenant wants from each
 * call, where to post the analysis, and whether the tenant's LLM (if it has one) writes the summary. Unknown keys are
 * errors, as in {@code tools:}.
 *
 * <pre>
 * analysis:
 *   goal: { tool: order_status, outcome: found }
 *   values:
 *     order_number: { slot: order }
 *     resolved: { tool: order_status, field: found }
 *     transferred: { call: transferred }
 *   webhook:
 *     url: "${ACME_POST_CALL_URL:}"
 *     secret: "${PARLEY_ANALYSIS_SECRET_ACME}"
 *   llm: true
 * </pre>
 */
public record AnalysisConfig(Goal goal, Map<String, ValueSpec> values, Webhook webhook, Boolean llm) {

    public static final AnalysisConfig NONE = new AnalysisConfig(null, Map.of(), null, null);

    public Map<String, ValueSpec> valuesOrEmpty() {
        return values == null ? Map.of() : values;
    }

    /** Whether the tenant's LLM, when it has one, writes the summary and judges the sentiment (default yes). */
    public boolean llmOr() {
        return llm == null || llm;
    }

    /** @throws IllegalArgumentException naming what is wrong, with its {@code analysis.} path */
    public void validate(Set<String> tools) {
        if (goal != null) {
            goal.validate(tools);
        }
        valuesOrEmpty().forEach((name, spec) -> {
            if (!name.matches("[A-Za-z][A-Za-z0-9_]{0,63}")) {
                throw new IllegalArgumentException("analysis.values: '" + name + "' must be a name of letters, "
                        + "digits and '_'");
            }
            if (spec == null) {
                throw new IllegalArgumentException("analysis.values." + name + " needs one of slot, tool, call");
            }
            try {
                spec.validate(tools);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("analysis.values." + name + ": " + e.getMessage(), e);
            }
        });
        if (webhook != null && (webhook.url() == null || webhook.secret() == null)) {
            throw new IllegalArgumentException("analysis.webhook needs url and secret");
        }
    }

    /**
     * When a call reached the tenant's goal: a run of {@code tool} (a tool name, or {@code any}) that found what it
     * was asked for ({@code outcome: found}, the default) or merely answered ({@code outcome: ok}).
     */
    public record Goal(String tool, String outcome) {

        public boolean reachedBy(CallRecord.Facts facts) {
            boolean found = !"ok".equals(outcome);
            return facts.tools().stream().anyMatch(run -> ("any".equals(tool) || run.tool().equals(tool))
                    && run.ok() && (!found || run.found()));
        }

        void validate(Set<String> tools) {
            if (tool == null || !("any".equals(tool) || tools.contains(tool))) {
                throw new IllegalArgumentException("analysis.goal.tool must be one of the tenant's tools " + tools
                        + " or 'any', got '" + tool + "'");
            }
            if (outcome != null && !outcome.equals("found") && !outcome.equals("ok")) {
                throw new IllegalArgumentException("analysis.goal.outcome must be found or ok, got '" + outcome + "'");
            }
        }
    }

    /**
     * Where the analysis is posted. {@code url} may hold {@code ${NAME:default}} placeholders (an empty URL: no
     * webhook); {@code secret} must be one, {@code ${NAME}}: the signing secret comes from configuration, never
     * from the file.
     */
    public record Webhook(String url, String secret) {
    }
}
