package dev.parley.dialogue.tenant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.parley.dialogue.brain.ApologyBrain;
import dev.parley.dialogue.brain.FallbackBrain;
import dev.parley.dialogue.embedding.Embedder;
import dev.parley.dialogue.flow.FlowBrain;
import dev.parley.dialogue.flow.FlowDefinition;
import dev.parley.dialogue.knowledge.KnowledgeBase;
import dev.parley.dialogue.tools.Tool;
import dev.parley.dialogue.tools.ToolRunner;
import dev.parley.dialogue.tools.Tools;
import dev.parley.events.EventPublisher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Builds a tenant from its folder: tenant.yaml (identity), flow.yaml (conversation), knowledge/*.md, and the files its
 * tools read. Everything is parsed, checked and embedded here, once, so a call only does per-turn work.
 */
public final class TenantLoader {

    static final String DEFAULT_APOLOGY = "Sorry, I'm having trouble on my side. Could you say that again?";

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final Embedder embedder;
    private final EventPublisher events;
    private final Executor worker;

    public TenantLoader(Embedder embedder, EventPublisher events, Executor worker) {
        this.embedder = embedder;
        this.events = events;
        this.worker = worker;
    }

    /** @throws IllegalArgumentException with what is wrong in which file */
    public Tenant load(Path dir) {
        String folder = dir.getFileName().toString();
        TenantConfig config = read(dir.resolve("tenant.yaml"), TenantConfig.class);
        if (config.id() == null || !config.id().equals(folder)) {
            throw new IllegalArgumentException(dir.resolve("tenant.yaml") + ": id '" + config.id()
                    + "' must match the folder name '" + folder + "'");
        }
        FlowDefinition flow = read(dir.resolve("flow.yaml"), FlowDefinition.class);
        try {
            flow.validate();
            Map<String, Tool> tools = new HashMap<>();
            flow.toolsOrEmpty().forEach((name, def) -> tools.put(name, Tools.create(name, def, dir)));
            KnowledgeBase knowledge = KnowledgeBase.load(dir.resolve("knowledge"), embedder);
            FlowBrain brain = new FlowBrain(flow, embedder, knowledge, tools, new ToolRunner(events), worker);
            ApologyBrain apology = new ApologyBrain(flow.greeting(),
                    flow.apology() != null ? flow.apology() : DEFAULT_APOLOGY);
            return new Tenant(config.id(), config.displayName(), new FallbackBrain(brain, apology, events));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException(dir.resolve("flow.yaml") + ": " + e.getMessage(), e);
        }
    }

    private <T> T read(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is missing");
        }
        try {
            T value = yaml.readValue(file.toFile(), type);
            if (value == null) {
                throw new IllegalArgumentException(file + " is empty");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid: " + e.getMessage(), e);
        }
    }
}
