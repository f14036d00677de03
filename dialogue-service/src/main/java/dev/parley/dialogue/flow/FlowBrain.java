package dev.parley.dialogue.flow;

import dev.parley.dialogue.analysis.CallRecord;
import dev.parley.dialogue.brain.Brain;
import dev.parley.dialogue.brain.BrainOutput;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.OpeningLine;
import dev.parley.dialogue.brain.Sentences;
import dev.parley.dialogue.brain.TurnInput;
import dev.parley.dialogue.context.CallState;
import dev.parley.dialogue.context.TurnInstructions;
import dev.parley.dialogue.embedding.Embedder;
import dev.parley.dialogue.embedding.TurnEmbedding;
import dev.parley.dialogue.flow.matching.HybridMatcher;
import dev.parley.dialogue.flow.matching.MatchSettings;
import dev.parley.dialogue.knowledge.KnowledgeBase;
import dev.parley.dialogue.tools.Tool;
import dev.parley.dialogue.tools.ToolDefinition;
import dev.parley.dialogue.tools.ToolRunner;
import dev.parley.dialogue.tools.ToolWait;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The embedded default brain, no LLM needed: intents recognized by sentence embeddings, slots filled from spoken or
 * keyed digits, tools for lookups and actions, answers from the tenant's knowledge base, templated replies. Per turn:
 * one embedding on a worker thread, then a lookup; the answer streams sentence by sentence. A slow tool gets its
 * filler line said while it works; a failed one its spoken apology.
 */
public final class FlowBrain implements Brain {

    public static final String NAME = "flow";

    private static final Logger LOG = Logger.getLogger(FlowBrain.class);

    private final FlowDefinition flow;
    private final Embedder embedder;
    private final HybridMatcher matcher;
    private final FlowPolicy policy;
    private final Map<String, Tool> tools;
    private final ToolRunner toolRunner;
    private final ToolWait toolWait;
    private final Executor worker;
    private final Brain offScript;

    public FlowBrain(FlowDefinition flow, Embedder embedder, KnowledgeBase knowledge, Map<String, Tool> tools,
                     ToolRunner toolRunner, ToolWait toolWait, double confirmBelow, Executor worker) {
        this(flow, embedder, knowledge, tools, toolRunner, toolWait, confirmBelow, worker, null);
    }

    /**
     * Embeds the intents' examples now (the knowledge base is embedded already), so turns only embed what the caller
     * said.
     *
     * @param confirmBelow a high-consequence value heard with a lower recognizer confidence is read back to the
     *                     caller before the tool acts on it
     * @param offScript    the brain (the tenant's LLM, guarded) that answers turns matching nothing when flow.yaml
     *                     has {@code llm:}, and the turns of intents with {@code llm:}; null to answer them with the
     *                     fallback line and the intents' {@code say}
     */
    public FlowBrain(FlowDefinition flow, Embedder embedder, KnowledgeBase knowledge, Map<String, Tool> tools,
                     ToolRunner toolRunner, ToolWait toolWait, double confirmBelow, Executor worker,
                     Brain offScript) {
        flow.validate(tools.keySet());
        checkToolArguments(flow, tools);
        this.flow = flow;
        this.embedder = embedder;
        this.offScript = flow.handsOff() ? offScript : null;
        this.matcher = new HybridMatcher(flow.intents(), knowledge.chunks(),
                flow.knowledge() == null ? Map.of() : flow.knowledge().askedOrEmpty(),
                flow.matching().outOfScopeOrEmpty(), embedder, settings(flow));
        this.policy = new FlowPolicy(flow, matcher, readBack(flow, tools), confirmBelow,
                this.offScript != null && flow.llm() != null ? new OffScript(flow.llm()) : null,
                this.offScript != null);
        this.tools = Map.copyOf(tools);
        this.toolRunner = toolRunner;
        this.toolWait = toolWait;
        this.worker = worker;
    }

    /** flow.yaml's thresholds, with the defaults for what it leaves out. */
    static MatchSettings settings(FlowDefinition flow) {
        FlowDefinition.Matching m = flow.matching();
        return new MatchSettings(m.threshold(), flow.knowledge() == null ? 1 : flow.knowledge().threshold(),
                m.margin(), m.clarify() != null ? m.clarify() : MatchSettings.DEFAULT_CLARIFY_BAND,
                m.lexicalWeight() != null ? m.lexicalWeight() : MatchSettings.DEFAULT_LEXICAL_WEIGHT,
                MatchSettings.DEFAULT_LEXICAL_HALF,
                m.cueBonus() != null ? m.cueBonus() : MatchSettings.DEFAULT_CUE_BONUS,
                m.contrast() != null ? m.contrast() : MatchSettings.DEFAULT_CONTRAST);
    }

    /** Per intent, its slots that its tool marks high-consequence. */
    private static Map<String, Set<String>> readBack(FlowDefinition flow, Map<String, Tool> tools) {
        Map<String, Set<String>> out = new HashMap<>();
        for (FlowDefinition.Intent intent : flow.intents()) {
            if (intent.tool() != null) {
                Set<String> slots = new LinkedHashSet<>(intent.slotNames());
                slots.retainAll(tools.get(intent.tool()).definition().highConsequenceOrEmpty());
                out.put(intent.name(), Set.copyOf(slots));
            }
        }
        return out;
    }

    /** An intent runs its tool with its slots as arguments: they must cover what the tool requires. */
    private static void checkToolArguments(FlowDefinition flow, Map<String, Tool> tools) {
        for (FlowDefinition.Intent intent : flow.intents()) {
            if (intent.tool() == null) {
                continue;
            }
            ToolDefinition def = tools.get(intent.tool()).definition();
            if (def instanceof ToolDefinition.CallAction) {
                throw new IllegalArgumentException("intent '" + intent.name() + "' runs '" + intent.tool()
                        + "', a built-in for LLMs; a flow intent transfers or ends the call with transfer: / endCall:");
            }
            for (String required : def.requiredArguments()) {
                if (!intent.slotNames().contains(required)) {
                    throw new IllegalArgumentException("intent '" + intent.name() + "' runs tool '" + intent.tool()
                            + "', which requires '" + required + "', but the intent has no such slot");
                }
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Multi<BrainOutput> greet(Conversation conversation) {
        return Multi.createFrom().deferred(() -> speak(conversation, 0,
                new Step.Say("greeting", OpeningLine.or(conversation, flow.greeting()), null)));
    }

    @Override
    public Multi<BrainOutput> respond(Conversation conversation, TurnInput input) {
        long turnId = input.turnId();
        return Uni.createFrom().item(() -> decide(conversation, input))
                .runSubscriptionOn(worker)
                .onItem().transformToMulti(step -> {
                    if (step instanceof Step.HandOff handOff) {
                        return handOff(conversation, input, handOff);
                    }
                    if (!(step instanceof Step.Lookup lookup)) {
                        return speak(conversation, turnId, step);
                    }
                    Tool tool = tools.get(lookup.intent().tool());
                    return toolWait.answer(lookup(conversation, turnId, lookup, tool), tool.definition().fillerOr(),
                            filler -> conversation.appendAgentText(turnId, filler),
                            answer -> speak(conversation, turnId, answer));
                });
    }

    private Step decide(Conversation conversation, TurnInput input) {
        FlowState state = state(conversation);
        // Kept even while the flow alone answers: an LLM the flow hands a turn to later reads it in its prompt.
        CallState.of(conversation).heard(input);
        Step step;
        if (input.isDtmf()) {
            conversation.addCallerTurn(input.turnId(), "[keys " + input.dtmfDigits() + "]");
            synchronized (state) {
                step = policy.onDtmf(state, input.dtmfDigits());
            }
        } else {
            conversation.addCallerTurn(input.turnId(), input.text());
            float[] sentence = TurnEmbedding.of(conversation, input.turnId(), input.text(), embedder);
            synchronized (state) {
                step = policy.onSpeech(state, input, sentence);
            }
        }
        Decision decided;
        synchronized (state) {
            decided = decision(state, step);
            state.lastDecision = decided;
        }
        CallRecord.of(conversation).decided(decided);
        LOG.debugf("tenant=%s call=%s turn=%d route=%s", conversation.tenantId(), conversation.callId(),
                input.turnId(), step.route());
        return step;
    }

    /** What the flow made of the call's newest turn, if it has answered one (on this instance: it never creates it). */
    public static Optional<Decision> lastDecision(Conversation conversation) {
        return conversation.existingBrainState(FlowState.KEY, FlowState.class).flatMap(state -> {
            synchronized (state) {
                return Optional.ofNullable(state.lastDecision);
            }
        });
    }

    /** The call's flow state; in a call that moved here, restored against this tenant's flow and targets. */
    private FlowState state(Conversation conversation) {
        return conversation.brainState(FlowState.KEY, FlowState.class, () -> new FlowState(flow, matcher));
    }

    private static Decision decision(FlowState state, Step step) {
        if (step instanceof Step.Lookup lookup) {
            return new Decision(step.route(), lookup.intent().name(), lookup.values());
        }
        String route = step.route();
        for (String prefix : new String[]{"intent:", "clarify:intent:"}) {
            if (route.startsWith(prefix)) {
                return new Decision(route, route.substring(prefix.length()), Map.of());
            }
        }
        return new Decision(route, state.pendingIntent, state.confirmingSlot == null ? Map.of() : state.filled);
    }

    /**
     * The LLM's answer, streamed as it comes, then the back line, unless the LLM transferred or ended the call. If
     * the LLM fails before saying anything, {@code offScript}'s own fallback answers (see TenantLoader).
     */
    private Multi<BrainOutput> handOff(Conversation conversation, TurnInput input, Step.HandOff handOff) {
        TurnInstructions.of(conversation).set(input.turnId(), handOff.instructions());
        AtomicBoolean acted = new AtomicBoolean();
        AtomicReference<String> lastText = new AtomicReference<>("");
        return offScript.respond(conversation, input).onItem().transformToMultiAndConcatenate(out -> {
            if (out instanceof BrainOutput.Text text) {
                lastText.set(text.delta());
            } else if (out instanceof BrainOutput.Transfer || out instanceof BrainOutput.EndCall) {
                acted.set(true);
            }
            if (!(out instanceof BrainOutput.Done) || handOff.back() == null || acted.get()) {
                return Multi.createFrom().item(out);
            }
            String said = lastText.get();
            String back = (said.isEmpty() || Character.isWhitespace(said.charAt(said.length() - 1)) ? "" : " ")
                    + handOff.back();
            conversation.appendAgentText(input.turnId(), back);
            List<BrainOutput> tail = new ArrayList<>();
            for (String sentence : Sentences.split(back)) {
                tail.add(new BrainOutput.Text(sentence));
            }
            tail.add(out);
            return Multi.createFrom().iterable(tail);
        });
    }

    /** The tool's answer as the next step; a tool that fails or times out gets its spoken apology, not silence. */
    private Uni<Step> lookup(Conversation conversation, long turnId, Step.Lookup lookup, Tool tool) {
        FlowState state = state(conversation);
        return toolRunner.run(tool, conversation, turnId, lookup.values())
                .map(result -> {
                    synchronized (state) {
                        return policy.afterLookup(state, lookup.intent(), lookup.values(), result);
                    }
                })
                .onFailure().recoverWithItem(error -> {
                    // The runner has logged a failed run, its message masked by the tenant's redaction; the error's
                    // type is enough here, as its message may quote the caller's values.
                    LOG.warnf("tenant=%s call=%s turn=%d: no answer from tool %s: %s", conversation.tenantId(),
                            conversation.callId(), turnId, tool.name(), error.getClass().getName());
                    return new Step.Say("unavailable:" + tool.name(), tool.definition().unavailableOr(), null);
                });
    }

    private Multi<BrainOutput> speak(Conversation conversation, long turnId, Step step) {
        List<BrainOutput> out = new ArrayList<>();
        if (step instanceof Step.Say say) {
            // Appended: after a filler line, the turn's history entry holds both, as the caller hears them.
            conversation.appendAgentText(turnId, say.text());
            for (String sentence : Sentences.split(say.text())) {
                out.add(new BrainOutput.Text(sentence));
            }
            if (say.action() != null) {
                out.add(say.action());
            }
        }
        FlowState state = state(conversation);
        synchronized (state) {
            out.add(new BrainOutput.Done(NAME, ExpectedDigits.after(flow, state)));
        }
        // Emitted on demand: a cancelled subscriber never receives the rest, actions included.
        return Multi.createFrom().iterable(out);
    }
}
