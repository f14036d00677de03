package dev.parley.dialogue.llm;

import java.util.List;
import java.util.Set;

/**
 * The {@code llm:} section of a tenant's brain.yaml. The API key is never in the file: {@code apiKeyEnv} names the
 * environment variable holding it (local OpenAI-compatible servers need none).
 */
public record LlmSettings(String provider, String endpoint, String model, String apiKeyEnv, String systemPrompt,
                          Integer maxTokens, Double temperature, Integer firstTokenTimeoutMs, Integer idleTimeoutMs,
                          Integer maxToolRounds, String filler, String apology, Integer contextTokens,
                          Integer knowledgeTopK, Double knowledgeMinScore, Cache cache, Breaker breaker,
                          List<String> callMetadata) {

    /** Semantic cache: on by default with a strict similarity. */
    public record Cache(Boolean enabled, Double threshold, Integer maxEntries) {
    }

    /**
     * Circuit breaker: open after {@code failures} model requests in a row failed (before their first token, by timing
     * out, or midway), for {@code openSeconds}.
     */
    public record Breaker(Integer failures, Integer openSeconds) {
    }

    /**
     * The call's parameters the model is told about ("from", "to", a call's custom parameters): all when not set,
     * none for an empty list. The caller's number goes to the model provider only if "from" is shared.
     */
    public Set<String> sharedCallMetadataOrNull() {
        return callMetadata == null ? null : Set.copyOf(callMetadata);
    }

    public int maxTokensOr() {
        return maxTokens == null ? 300 : maxTokens;
    }

    public double temperatureOr() {
        return temperature == null ? 0.3 : temperature;
    }

    public int firstTokenTimeoutMsOr() {
        return firstTokenTimeoutMs == null ? 1500 : firstTokenTimeoutMs;
    }

    public int idleTimeoutMsOr() {
        return idleTimeoutMs == null ? 3000 : idleTimeoutMs;
    }

    public int maxToolRoundsOr() {
        return maxToolRounds == null ? 3 : maxToolRounds;
    }

    public String fillerOr() {
        return filler == null ? "One moment, let me check that. " : filler;
    }

    public String apologyOr() {
        return apology == null ? "Sorry, I lost my train of thought there. Could you ask me again?" : apology;
    }

    public int contextTokensOr() {
        return contextTokens == null ? 2000 : contextTokens;
    }

    public int knowledgeTopKOr() {
        return knowledgeTopK == null ? 3 : knowledgeTopK;
    }

    public double knowledgeMinScoreOr() {
        return knowledgeMinScore == null ? 0.6 : knowledgeMinScore;
    }

    public boolean cacheEnabled() {
        return cache == null || cache.enabled() == null || cache.enabled();
    }

    public double cacheThresholdOr() {
        return cache == null || cache.threshold() == null ? 0.95 : cache.threshold();
    }

    public int cacheMaxEntriesOr() {
        return cache == null || cache.maxEntries() == null ? 1000 : cache.maxEntries();
    }

    public int breakerFailuresOr() {
        return breaker == null || breaker.failures() == null ? 3 : breaker.failures();
    }

    public int breakerOpenSecondsOr() {
        return breaker == null || breaker.openSeconds() == null ? 30 : breaker.openSeconds();
    }

    public void validate() {
        if (!"openai".equals(provider) && !"anthropic".equals(provider)) {
            throw new IllegalArgumentException("llm.provider must be 'openai' or 'anthropic', got '" + provider + "'");
        }
        if (endpoint == null || !(endpoint.startsWith("http://") || endpoint.startsWith("https://"))) {
            throw new IllegalArgumentException("llm.endpoint must be an http(s) URL");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("llm.model is required");
        }
        if (systemPrompt == null || systemPrompt.isBlank()) {
            throw new IllegalArgumentException("llm.systemPrompt is required");
        }
        if (firstTokenTimeoutMsOr() < 1 || idleTimeoutMsOr() < 1) {
            throw new IllegalArgumentException("llm.firstTokenTimeoutMs and llm.idleTimeoutMs must be >= 1");
        }
        if (breakerFailuresOr() < 1 || breakerOpenSecondsOr() < 0) {
            throw new IllegalArgumentException("llm.breaker.failures must be >= 1 and llm.breaker.openSeconds >= 0");
        }
    }
}
