package dev.parley.dialogue.support;

import dev.parley.dialogue.tenant.Tenant;
import dev.parley.dialogue.tenant.TenantLoader;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Loads a copy of a real tenant folder with a brain.yaml that points its LLM at a local replay server. */
public final class LlmTenants {

    public static final String KEY_ENV = "PARLEY_TEST_LLM_KEY";
    public static final String KEY = "sk-test-key";

    private LlmTenants() {
    }

    public static String brainYaml(String provider, String endpoint, String extra) {
        return brainYaml("[llm, flow]", provider, endpoint, extra);
    }

    /** @param chain e.g. "[flow]": the flow answers, and hands its off-script turns to the LLM (flow.yaml llm:) */
    public static String brainYaml(String chain, String provider, String endpoint, String extra) {
        return "chain: " + chain + "\n"
                + "llm:\n"
                + "  provider: " + provider + "\n"
                + "  endpoint: " + endpoint + "\n"
                + "  model: gpt-4o-mini\n"
                + "  apiKeyEnv: " + KEY_ENV + "\n"
                + "  systemPrompt: \"You are the phone agent. Answer in one or two short spoken sentences.\"\n"
                + "  firstTokenTimeoutMs: 2000\n"
                + "  idleTimeoutMs: 2000\n"
                + extra;
    }

    public static Tenant load(String id, String brainYaml, RecordingEventPublisher events) {
        return load(id, brainYaml, events, Map.of());
    }

    /** @param config further configuration values (environment) the tenant's files refer to: tool URLs, secrets */
    public static Tenant load(String id, String brainYaml, RecordingEventPublisher events,
                              Map<String, String> config) {
        try {
            Path copy = Tenants.copy(id);
            Files.writeString(copy.resolve("brain.yaml"), brainYaml);
            return new TenantLoader(SharedEmbedder.get(), events, Infrastructure.getDefaultWorkerPool(),
                    name -> KEY_ENV.equals(name) ? KEY : config.get(name)).load(copy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
