package dev.parley.dialogue.tenant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.parley.contracts.redaction.RedactionPolicy;
import dev.parley.contracts.redaction.Redactor;
import dev.parley.dialogue.analysis.TenantAnalysis;
import dev.parley.dialogue.brain.ApologyBrain;
import dev.parley.dialogue.brain.Brain;
import dev.parley.dialogue.brain.FallbackBrain;
import dev.parley.dialogue.cache.SemanticCache;
import dev.parley.dialogue.embedding.Embedder;
import dev.parley.dialogue.flow.FlowBrain;
import dev.parley.dialogue.flow.FlowDefinition;
import dev.parley.dialogue.knowledge.KnowledgeBase;
import dev.parley.dialogue.llm.LlmBrain;
import dev.parley.dialogue.llm.LlmProvider;
import dev.parley.dialogue.llm.LlmProviders;
import dev.parley.dialogue.llm.LlmSettings;
import dev.parley.dialogue.llm.LlmToolbox;
import dev.parley.dialogue.resilience.EngineGuard;
import dev.parley.dialogue.tools.Tool;
import dev.parley.dialogue.tools.ToolPolicy;
import dev.parley.dialogue.tools.ToolRunner;
import dev.parley.dialogue.tools.ToolWait;
import dev.parley.dialogue.tools.Tools;
import dev.parley.events.EventPublisher;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

/**
 * Builds a tenant from its folder: tenant.yaml (identity, tools, tool policy, post-call analysis, redaction), flow.yaml
 * (conversation), brain.yaml (optional: LLM and brain chain), knowledge/*.md and *.txt, and the files its tools read. Everything is parsed, checked and
 * embedded here, once, so a call only does per-turn work. Each tenant gets its own tools, knowledge base and semantic cache instances:
 * nothing of one tenant is reachable from another's brain.
 */
public final class TenantLoader {

    private static final Logger LOG = Logger.getLogger(TenantLoader.class);

    static final String DEFAULT_APOLOGY = "Sorry, I'm having trouble on my side. Could you say that again?";

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final Embedder embedder;
    private final EventPublisher events;
    private final Executor worker;
    private final UnaryOperator<String> env;

    public TenantLoader(Embedder embedder, EventPublisher events, Executor worker) {
        this(embedder, events, worker, System::getenv);
    }

    /**
     * @param env where {@code llm.apiKeyEnv} names, tool secrets and {@code ${NAME}} placeholders in tool URLs are
     *            looked up (the service's configuration, which includes the environment, in production)
     */
    public TenantLoader(Embedder embedder, EventPublisher events, Executor worker, UnaryOperator<String> env) {
        this.embedder = embedder;
        this.events = events;
        this.worker = worker;
        this.env = env;
    }

    /** @throws IllegalArgumentException with what is wrong in which file */
    public Tenant load(Path dir) {
        String folder = dir.getFileName().toString();
        TenantConfig config = read(dir.resolve("tenant.yaml"), TenantConfig.class);
        if (config.id() == null || !config.id().equals(folder)) {
            throw new IllegalArgumentException(dir.resolve("tenant.yaml") + ": id '" + config.id()
                    + "' must match the folder name '" + folder + "'");
        }
        Path tenantYaml = dir.resolve("tenant.yaml");
        Redactor redactor = redactor(tenantYaml, config);
        ToolPolicy policy = config.toolPolicyOr();
        Map<String, Tool> tools;
        try {
            tools = Tools.create(config.id(), config.toolsOrEmpty(), policy, dir, env);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(tenantYaml + ": " + e.getMessage(), e);
        }
        FlowDefinition flow = read(dir.resolve("flow.yaml"), FlowDefinition.class);
        BrainConfig brains = brains(dir);
        Brain brain;
        LlmProvider llmProvider;
        try {
            flow.validate(tools.keySet());
            List<String> chain = brains.chain();
            if (flow.handsOff() && chain.contains("llm") && chain.indexOf("llm") < chain.indexOf("flow")) {
                throw new IllegalArgumentException("llm: hands the flow's turns to the LLM, so brain.yaml's"
                        + " chain must put flow first");
            }
            KnowledgeBase knowledge = KnowledgeBase.load(dir.resolve("knowledge"), embedder);
            ToolRunner runner = new ToolRunner(events, redactor);
            ToolWait toolWait = new ToolWait(Duration.ofMillis(policy.fillerDelayMsOr()),
                    Infrastructure::getDefaultWorkerPool);
            EngineBrain llm = llmBrain(config, brains, flow, tools, runner, toolWait, knowledge);
            Brain offScript = null;
            if (flow.handsOff() && llm != null) {
                // Off-script turns and llm: intents go to the LLM; if it fails before a word, the flow's fallback line answers.
                offScript = new FallbackBrain(llm.brain(), new ApologyBrain(flow.greeting(), flow.fallback()), events,
                        llm.guard(), redactor);
            }
            FlowBrain flowBrain = new FlowBrain(flow, embedder, knowledge, tools, runner, toolWait,
                    policy.confirmBelowConfidenceOr(), worker, offScript);
            brain = new ApologyBrain(flow.greeting(), flow.apology() != null ? flow.apology() : DEFAULT_APOLOGY);
            for (int i = chain.size() - 1; i >= 0; i--) {
                if ("flow".equals(chain.get(i))) {
                    brain = new FallbackBrain(flowBrain, brain, events, null, redactor);
                } else if (llm != null) {
                    brain = new FallbackBrain(llm.brain(), brain, events, llm.guard(), redactor);
                }
            }
            llmProvider = llm == null ? null : llm.provider();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException(dir.resolve("flow.yaml") + ": " + e.getMessage(), e);
        }
        return new Tenant(config.id(), config.displayName(), brain, analysis(tenantYaml, config, tools, llmProvider),
                redactor);
    }

    /** tenant.yaml's {@code redaction:}; a bad block fails the load like any other tenant error. */
    private static Redactor redactor(Path tenantYaml, TenantConfig config) {
        try {
            return new Redactor(RedactionPolicy.fromYaml(config.redaction()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(tenantYaml + ": " + e.getMessage(), e);
        }
    }

    /** tenant.yaml's {@code analysis:}, checked against the tenant's tools; the LLM, if any, may write summaries. */
    private TenantAnalysis analysis(Path tenantYaml, TenantConfig config, Map<String, Tool> tools, LlmProvider llm) {
        try {
            return TenantAnalysis.load(config.id(), config.analysis(), tools.keySet(), config.toolPolicyOr(), env,
                    llm);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(tenantYaml + ": " + e.getMessage(), e);
        }
    }

    /** The tenant's LLM brain, its guard and its provider. */
    private record EngineBrain(LlmBrain brain, EngineGuard guard, LlmProvider provider) {
    }

    /**
     * The tenant's LLM brain, when brain.yaml configures one that the chain or the flow's off-script turns use; null
     * if none is configured, or its key is not set (logged: the flow answers alone).
     */
    private EngineBrain llmBrain(TenantConfig config, BrainConfig brains, FlowDefinition flow, Map<String, Tool> tools,
                                 ToolRunner runner, ToolWait toolWait, KnowledgeBase knowledge) {
        LlmSettings llm = brains.llm();
        if (llm == null || (!brains.chain().contains("llm") && !flow.handsOff())) {
            return null;
        }
        String key = llm.apiKeyEnv() == null ? null : env.apply(llm.apiKeyEnv());
        if (llm.apiKeyEnv() != null && (key == null || key.isBlank())) {
            LOG.warnf("tenant %s: environment variable %s (llm.apiKeyEnv) is not set; the LLM brain is "
                    + "left out", config.id(), llm.apiKeyEnv());
            return null;
        }
        ToolPolicy policy = config.toolPolicyOr();
        SemanticCache cache = llm.cacheEnabled()
                ? new SemanticCache(llm.cacheThresholdOr(), llm.cacheMaxEntriesOr()) : null;
        LlmToolbox toolbox = new LlmToolbox(tools, runner, policy.confirmBelowConfidenceOr());
        LlmProvider provider = LlmProviders.create(llm, key);
        // One guard per tenant engine, rebuilt (closed) when the tenant's files are reloaded.
        EngineGuard guard = new EngineGuard(config.id() + "/" + provider.name(),
                Duration.ofMillis(llm.firstTokenTimeoutMsOr()), llm.breakerFailuresOr(),
                Duration.ofSeconds(llm.breakerOpenSecondsOr()));
        return new EngineBrain(new LlmBrain(provider, llm, flow.greeting(), embedder, knowledge, toolbox, toolWait,
                cache, guard, worker, Infrastructure::getDefaultWorkerPool), guard, provider);
    }

    private BrainConfig brains(Path dir) {
        Path file = dir.resolve("brain.yaml");
        if (!Files.isRegularFile(file)) {
            return BrainConfig.FLOW_ONLY;
        }
        BrainConfig config = read(file, BrainConfig.class);
        try {
            config.validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        return config;
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
