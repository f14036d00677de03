package dev.parley.dialogue.llm;

import dev.parley.dialogue.brain.Brain;
import dev.parley.dialogue.brain.BrainOutput;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.OpeningLine;
import dev.parley.dialogue.brain.Sentences;
import dev.parley.dialogue.brain.SpeechChunker;
import dev.parley.dialogue.brain.TurnInput;
import dev.parley.dialogue.cache.SemanticCache;
import dev.parley.dialogue.context.CallFacts;
import dev.parley.dialogue.context.CallState;
import dev.parley.dialogue.context.ContextBuilder;
import dev.parley.dialogue.context.Summarizer;
import dev.parley.dialogue.context.TurnInstructions;
import dev.parley.dialogue.embedding.Embedder;
import dev.parley.dialogue.embedding.TurnEmbedding;
import dev.parley.dialogue.knowledge.KnowledgeBase;
import dev.parley.dialogue.knowledge.KnowledgeHit;
import dev.parley.dialogue.resilience.EngineGuard;
import dev.parley.dialogue.resilience.StreamTimeouts;
import dev.parley.dialogue.tools.ToolWait;
import dev.parley.dialogue.tracing.TurnTraces;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * An LLM answers the turn, streaming: text is regrouped into phrases as tokens arrive; when the model calls tools,
 * they run, and the model continues with their results, up to {@code maxToolRounds} times. A tool slower than the
 * tenant's filler delay gets its filler line said meanwhile (unless the model already said something before calling
 * it); transfer and end-call tools are performed after the model's reply. Each model request goes through the
 * engine's guard (first event within the first-token timeout, circuit breaker) and must never stall longer than the
 * idle timeout; otherwise it fails, so the chain's next brain answers. A question close enough to one answered before
 * without caller-specific tools is answered from the tenant's semantic cache.
 */
public final class LlmBrain implements Brain {

    public static final String CACHE = "llm-cache";
    static final int MIN_CACHED_WORDS = 3;
    /** A summary is background work: it may take longer than a turn, but not forever. */
    static final Duration SUMMARY_TIMEOUT = Duration.ofSeconds(15);

    private final LlmProvider provider;
    private final LlmSettings settings;
    private final String greeting;
    private final Embedder embedder;
    private final KnowledgeBase knowledge;
    private final LlmToolbox toolbox;
    private final ToolWait toolWait;
    private final SemanticCache cache;
    private final ContextBuilder context;
    private final Summarizer summarizer;
    private final EngineGuard guard;
    private final Executor worker;
    private final Supplier<ScheduledExecutorService> timer;

    /** One turn's working state. */
    private static final class Turn {
        final TurnInput input;
        final String question;
        float[] vector;
        List<KnowledgeHit> knowledge = List.of();
        SemanticCache.Hit cached;
        final List<LlmMessage> messages = new ArrayList<>();
        final SpeechChunker chunker = new SpeechChunker();
        final StringBuilder said = new StringBuilder();
        final List<BrainOutput> actions = new ArrayList<>();
        boolean personal;
        boolean filled;
        boolean guided;

        Turn(TurnInput input, String question) {
            this.input = input;
            this.question = question;
        }
    }

    /**
     * @param cache null to answer every turn from the model
     * @param guard the provider's time-to-first-token limit and circuit breaker (shared with the chain, which skips
     *              this brain while the breaker is open)
     */
    public LlmBrain(LlmProvider provider, LlmSettings settings, String greeting, Embedder embedder,
                    KnowledgeBase knowledge, LlmToolbox toolbox, ToolWait toolWait, SemanticCache cache,
                    EngineGuard guard, Executor worker, Supplier<ScheduledExecutorService> timer) {
        this.provider = provider;
        this.settings = settings;
        this.greeting = greeting;
        this.embedder = embedder;
        this.knowledge = knowledge;
        this.toolbox = toolbox;
        this.toolWait = toolWait;
        this.cache = cache;
        this.context = new ContextBuilder(settings.systemPrompt(), settings.contextTokensOr(),
                settings.sharedCallMetadataOrNull());
        this.summarizer = new Summarizer(provider, SUMMARY_TIMEOUT, timer);
        this.guard = guard;
        this.worker = worker;
        this.timer = timer;
    }

    @Override
    public String name() {
        return provider.name();
    }

    /** The greeting (or the call's opening line) is fixed text: a call's first words should not wait on a model. */
    @Override
    public Multi<BrainOutput> greet(Conversation conversation) {
        return Multi.createFrom().deferred(() -> {
            List<BrainOutput> out = new ArrayList<>();
            for (String s : Sentences.split(OpeningLine.or(conversation, greeting))) {
                conversation.appendAgentText(0, s);
                out.add(new BrainOutput.Text(s));
            }
            out.add(new BrainOutput.Done(name()));
            return Multi.createFrom().iterable(out);
        });
    }

    @Override
    public Multi<BrainOutput> respond(Conversation conversation, TurnInput input) {
        return Uni.createFrom().item(() -> prepare(conversation, input))
                .runSubscriptionOn(worker)
                .onItem().transformToMulti(turn -> {
                    if (turn.cached != null) {
                        return fromCache(conversation, turn);
                    }
                    return round(conversation, turn, 1).onFailure().recoverWithMulti(error -> turn.said.length() == 0
                            ? Multi.createFrom().failure(error)
                            // Something was said already; never leave the caller hanging mid-thought.
                            : Multi.createBy().concatenating().streams(
                            Multi.createFrom().iterable(speak(conversation, turn, List.of(
                                    (Character.isWhitespace(turn.said.charAt(turn.said.length() - 1)) ? "" : " ")
                                            + settings.apologyOr()))),
                            Multi.createFrom().failure(error)));
                });
    }

    private Turn prepare(Conversation conversation, TurnInput input) {
        String question = input.isDtmf() ? "(keyed on the phone: " + input.dtmfDigits() + ")" : input.text();
        conversation.addCallerTurn(input.turnId(), question);
        toolbox.heard(conversation, input);
        CallState.of(conversation).heard(input);
        Turn turn = new Turn(input, question);
        turn.vector = TurnEmbedding.of(conversation, input.turnId(), question, embedder);
        // A turn answered within another brain's instructions is not a general answer to reuse.
        turn.guided = TurnInstructions.of(conversation).forTurn(input.turnId()).isPresent();
        if (cache != null && !input.isDtmf() && !turn.guided) {
            turn.cached = cache.lookup(turn.vector).orElse(null);
        }
        if (turn.cached == null) {
            turn.knowledge = knowledge.top(turn.vector, settings.knowledgeTopKOr(), settings.knowledgeMinScoreOr());
        }
        return turn;
    }

    private Multi<BrainOutput> fromCache(Conversation conversation, Turn turn) {
        List<BrainOutput> out = speak(conversation, turn, Sentences.split(turn.cached.answer()));
        out.add(new BrainOutput.Done(CACHE));
        return Multi.createFrom().iterable(out);
    }

    private Multi<BrainOutput> round(Conversation conversation, Turn turn, int round) {
        CallFacts facts = conversation.brainState(CallFacts.KEY, CallFacts.class, CallFacts::new);
        List<LlmToolSpec> tools = round > settings.maxToolRoundsOr() ? List.of() : toolbox.specs();
        LlmRequest request = context.build(conversation, turn.input.turnId(), turn.knowledge, facts.lines(),
                turn.messages, tools);
        if (round == 1) {
            summarizer.maybeStart(conversation);
        }
        Multi<LlmEvent> traced = TurnTraces.of(conversation).chat(conversation, turn.input.turnId(), provider.name(),
                provider.stream(request));
        Multi<LlmEvent> events = guard.guard(StreamTimeouts.idleAfterFirst(traced,
                Duration.ofMillis(settings.idleTimeoutMsOr()), timer.get(), provider.name()), provider.name());
        AtomicBoolean calledTools = new AtomicBoolean();
        StringBuilder roundText = new StringBuilder();
        return events.onItem().transformToMultiAndConcatenate(event -> {
            if (event instanceof LlmEvent.TextDelta) {
                String delta = ((LlmEvent.TextDelta) event).text();
                roundText.append(delta);
                return Multi.createFrom().iterable(speak(conversation, turn, turn.chunker.add(delta)));
            }
            if (event instanceof LlmEvent.ToolCalls) {
                calledTools.set(true);
                List<LlmToolCall> calls = ((LlmEvent.ToolCalls) event).calls();
                List<BrainOutput> spoken = speak(conversation, turn, List.of(turn.chunker.flush()));
                turn.messages.add(LlmMessage.assistantCalls(roundText.toString(), calls));
                Multi<BrainOutput> next;
                if (roundText.toString().isBlank()) {
                    String filler = toolbox.fillerFor(calls.get(0).name());
                    next = toolWait.answer(runTools(conversation, turn, calls),
                            filler != null ? filler : settings.fillerOr(),
                            said -> {
                                conversation.appendAgentText(turn.input.turnId(), said);
                                turn.said.append(said);
                                turn.filled = true;
                            },
                            v -> round(conversation, turn, round + 1));
                } else {
                    // The model announced the lookup itself; a filler on top would say it twice.
                    next = runTools(conversation, turn, calls)
                            .onItem().transformToMulti(v -> round(conversation, turn, round + 1));
                }
                return Multi.createBy().concatenating().streams(Multi.createFrom().iterable(spoken), next);
            }
            return calledTools.get() ? Multi.createFrom().<BrainOutput>empty() : finish(conversation, turn);
        });
    }

    private Uni<Boolean> runTools(Conversation conversation, Turn turn, List<LlmToolCall> calls) {
        return Multi.createFrom().iterable(calls)
                .onItem().transformToUniAndConcatenate(call -> toolbox.run(conversation, turn.input.turnId(), call))
                .invoke(outcome -> {
                    turn.messages.add(outcome.message());
                    turn.personal |= outcome.personal();
                    if (outcome.action() != null) {
                        turn.actions.add(outcome.action());
                    }
                })
                .collect().asList().replaceWith(Boolean.TRUE);
    }

    private Multi<BrainOutput> finish(Conversation conversation, Turn turn) {
        List<BrainOutput> out = speak(conversation, turn, List.of(turn.chunker.flush()));
        String answer = turn.said.toString().strip();
        if (cache != null && !turn.guided && !turn.personal && !turn.filled && !turn.input.isDtmf() && !answer.isEmpty()
                && turn.question.strip().split("\\s+").length >= MIN_CACHED_WORDS) {
            cache.store(turn.question, turn.vector, answer);
        }
        // Transfer / hang up only once the caller has heard the reply that announces it.
        out.addAll(turn.actions);
        out.add(new BrainOutput.Done(name()));
        return Multi.createFrom().iterable(out);
    }

    /** Records pieces as said (history follows what is spoken, turn by turn) and wraps them as text outputs. */
    private static List<BrainOutput> speak(Conversation conversation, Turn turn, List<String> pieces) {
        List<BrainOutput> out = new ArrayList<>();
        for (String piece : pieces) {
            if (piece == null || piece.isBlank()) {
                continue;
            }
            conversation.appendAgentText(turn.input.turnId(), piece);
            turn.said.append(piece);
            out.add(new BrainOutput.Text(piece));
        }
        return out;
    }
}
