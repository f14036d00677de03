package dev.parley.dialogue.tenant;

import dev.parley.dialogue.llm.LlmSettings;

import java.util.List;

/**
 * A tenant's optional brain.yaml: the order brains are tried in ({@code chain}, from {@code llm} and {@code flow};
 * the apology brain always closes it) and the LLM settings. Without the file a tenant runs {@code flow -> apology}.
 */
public record BrainConfig(List<String> chain, LlmSettings llm) {

    public static final BrainConfig FLOW_ONLY = new BrainConfig(List.of("flow"), null);

    public void validate() {
        if (chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("chain needs at least one brain (llm, flow)");
        }
        for (String b : chain) {
            if (!"llm".equals(b) && !"flow".equals(b)) {
                throw new IllegalArgumentException("chain has unknown brain '" + b + "' (known: llm, flow)");
            }
        }
        if (chain.stream().distinct().count() != chain.size()) {
            throw new IllegalArgumentException("chain lists a brain twice");
        }
        if (chain.contains("llm") && llm == null) {
            throw new IllegalArgumentException("chain uses 'llm' but there is no llm section");
        }
        if (llm != null) {
            llm.validate(); // also used by a flow that hands off-script turns to it (flow.yaml llm:)
        }
    }
}
