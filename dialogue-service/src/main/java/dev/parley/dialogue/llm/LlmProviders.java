package dev.parley.dialogue.llm;

import dev.parley.dialogue.llm.anthropic.AnthropicMessagesProvider;
import dev.parley.dialogue.llm.http.SseClient;
import dev.parley.dialogue.llm.openai.OpenAiChatProvider;

import java.time.Duration;

/** Builds a tenant's provider from its settings. All tenants share one HTTP client (one selector thread per JVM). */
public final class LlmProviders {

    /** A provider that cannot even accept a connection this fast is treated as down; the next brain answers. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private static final SseClient SHARED = new SseClient(CONNECT_TIMEOUT);

    private LlmProviders() {
    }

    public static LlmProvider create(LlmSettings settings, String apiKey) {
        settings.validate();
        if ("anthropic".equals(settings.provider())) {
            return new AnthropicMessagesProvider(SHARED, settings.endpoint(), settings.model(), apiKey,
                    settings.maxTokensOr(), settings.temperatureOr());
        }
        return new OpenAiChatProvider(SHARED, settings.endpoint(), settings.model(), apiKey, settings.maxTokensOr(),
                settings.temperatureOr());
    }
}
