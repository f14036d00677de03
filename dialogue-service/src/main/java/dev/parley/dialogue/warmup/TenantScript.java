package dev.parley.dialogue.warmup;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.parley.dialogue.flow.FlowDefinition;
import dev.parley.dialogue.knowledge.KnowledgeChunk;
import dev.parley.dialogue.knowledge.MarkdownChunker;
import dev.parley.dialogue.tenant.BrainConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a warm-up call says to one tenant: caller turns picked from the tenant's own files so they travel the flow
 * brain's real paths (intent match, knowledge answer, fallback) yet can have no effect outside the service. Never an
 * intent that runs a tool (a webhook may book an appointment), fills slots (it would lead to one) or asks the LLM
 * (transfer and end-call intents are fine: those are actions the gateway carries out, and no gateway listens here);
 * no knowledge or off-script turn where those would go to an LLM; nothing at all for a tenant whose chain starts
 * with the LLM (even its greeting may call the provider).
 *
 * @param turns  the caller turns after the greeting (possibly none)
 * @param greets whether the greeting itself is safe to ask for
 * @param note   why turns were left out, for the log ("" when none were)
 */
record TenantScript(String tenantId, boolean greets, List<String> turns, String note) {
    /** Matches no intent of any sensible flow, so the brain takes its knowledge-then-fallback path. */
    static final String OFF_SCRIPT = "what colour is the sky on a planet with two suns";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    static TenantScript of(Path dir) throws IOException {
        String id = dir.getFileName().toString();
        FlowDefinition flow = YAML.readValue(dir.resolve("flow.yaml").toFile(), FlowDefinition.class);
        Path brainYaml = dir.resolve("brain.yaml");
        BrainConfig brains = Files.isRegularFile(brainYaml)
                ? YAML.readValue(brainYaml.toFile(), BrainConfig.class) : BrainConfig.FLOW_ONLY;
        boolean hasLlm = brains.llm() != null;
        if (hasLlm && brains.chain() != null && !brains.chain().isEmpty() && !"flow".equals(brains.chain().get(0))) {
            return new TenantScript(id, false, List.of(), "its brain chain starts with the LLM");
        }
        List<String> turns = new ArrayList<>();
        String note = "";
        if (hasLlm && flow.handsOff()) {
            note = "no knowledge or off-script turn: those may go to the LLM";
        } else {
            knowledgeQuestion(dir.resolve("knowledge")).ifPresent(turns::add);
            turns.add(OFF_SCRIPT);
        }
        // Last: an intent that only talks (or asks the gateway to transfer or hang up, which ends a call there).
        flow.intents().stream()
                .filter(i -> i.tool() == null && i.llm() == null && i.slotNames().isEmpty())
                .filter(i -> i.examples() != null && !i.examples().isEmpty())
                .min(Comparator.comparing(i -> i.transfer() != null || i.endCall() != null))
                .ifPresent(i -> turns.add(i.examples().get(0)));
        return new TenantScript(id, true, List.copyOf(turns), note);
    }

    /** The first section heading of the knowledge base: the way callers ask that question. */
    private static Optional<String> knowledgeQuestion(Path knowledge) throws IOException {
        if (!Files.isDirectory(knowledge)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(knowledge)) {
            for (Path md : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                for (KnowledgeChunk chunk : MarkdownChunker.chunk(md.getFileName().toString(), Files.readString(md))) {
                    if (chunk.heading() != null && !chunk.heading().isBlank()) {
                        return Optional.of(chunk.heading());
                    }
                }
            }
        }
        return Optional.empty();
    }
}
