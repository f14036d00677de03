package dev.parley.dialogue.context;

import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.HistoryEntry;
import dev.parley.dialogue.brain.OpeningLine;
import dev.parley.dialogue.knowledge.KnowledgeHit;
import dev.parley.dialogue.llm.LlmMessage;
import dev.parley.dialogue.llm.LlmRequest;
import dev.parley.dialogue.llm.LlmToolSpec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds what an LLM sees for a turn, within a token budget: the tenant's system prompt, the knowledge sections
 * retrieved for this turn, the call's structured facts (what tools found, and the {@link CallState}: what the caller
 * gave and what is still open), and the conversation. The conversation is a sliding window of
 * the newest turns, as the caller heard them (an interrupted answer is cut where the caller cut it, and marked);
 * turns that no longer fit are represented by the call's running summary ({@link CallSummary}, written by the model
 * in the background) and, for turns it does not cover yet, a clipped line each, oldest dropped first.
 */
public final class ContextBuilder {

    static final String INTERRUPTED = " [the caller interrupted here]";
    static final int SUMMARY_LINE_CHARS = 90;

    private final String systemPrompt;
    private final int budgetTokens;
    /** The call parameters the model may see; null for all. */
    private final Set<String> sharedParameters;

    public ContextBuilder(String systemPrompt, int budgetTokens) {
        this(systemPrompt, budgetTokens, null);
    }

    /** @param sharedParameters the call parameters the model may see (null: all) */
    public ContextBuilder(String systemPrompt, int budgetTokens, Set<String> sharedParameters) {
        this.systemPrompt = systemPrompt;
        this.budgetTokens = budgetTokens;
        this.sharedParameters = sharedParameters;
    }

    /** Who is calling which number, and the custom parameters the call was started with, in a stable order. */
    private String callMetadata(Conversation conversation) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(conversation.parameters()).forEach((name, value) -> {
            // The platform's own keys (the opening line, already in the history as turn 0) are no call metadata.
            if (value != null && !value.isBlank() && !name.startsWith(OpeningLine.RESERVED_PREFIX)
                    && (sharedParameters == null || sharedParameters.contains(name))) {
                out.append(out.length() == 0 ? "" : ", ").append(name).append(' ').append(value.strip());
            }
        });
        return out.toString();
    }

    /** Rough and provider-independent: English runs about four characters per token. */
    public static int tokens(String text) {
        return text == null ? 0 : text.length() / 4 + 1;
    }

    /**
     * @param turnId the turn being answered: what the agent already said in it is left out of the history, since
     *               {@code turnMessages} carry this turn's model output and tool results in their proper order
     */
    public LlmRequest build(Conversation conversation, long turnId, List<KnowledgeHit> knowledge, List<String> facts,
                            List<LlmMessage> turnMessages, List<LlmToolSpec> tools) {
        StringBuilder system = new StringBuilder(systemPrompt.strip());
        if (!knowledge.isEmpty()) {
            system.append("\n\nFrom the knowledge base (answer from it; if it does not cover the question, say so):");
            for (KnowledgeHit hit : knowledge) {
                system.append("\n- ").append(hit.chunk().heading()).append(" ").append(hit.chunk().text());
            }
        }
        String call = callMetadata(conversation);
        if (!call.isEmpty()) {
            system.append("\n\nThis call: ").append(call);
        }
        TurnInstructions.of(conversation).forTurn(turnId).ifPresent(extra ->
                system.append("\n\nFor this turn: ").append(extra.strip()));
        if (!facts.isEmpty()) {
            system.append("\n\nKnown so far in this call:");
            facts.forEach(f -> system.append("\n- ").append(f));
        }
        List<String> state = CallState.of(conversation).lines(conversation, turnId);
        if (!state.isEmpty()) {
            system.append("\n\nCall state:");
            state.forEach(line -> system.append("\n- ").append(line));
        }
        int budget = budgetTokens - tokens(system.toString());
        for (LlmMessage m : turnMessages) {
            budget -= tokens(m.text()) + 8;
        }
        Deque<LlmMessage> window = new ArrayDeque<>();
        List<HistoryEntry> history = new ArrayList<>(conversation.history());
        history.removeIf(e -> e.speaker() == HistoryEntry.Speaker.AGENT && e.turnId() == turnId);
        int i = history.size() - 1;
        for (; i >= 0; i--) {
            LlmMessage m = message(history.get(i));
            int cost = tokens(m.text()) + 4;
            // The newest turn (the caller's question) always goes in, whatever the budget.
            if (cost > budget && !window.isEmpty()) {
                break;
            }
            budget -= cost;
            window.addFirst(m);
        }
        if (i >= 0) {
            CallSummary summary = conversation.brainState(CallSummary.KEY, CallSummary.class, CallSummary::new);
            CallSummary.Snapshot known = summary.snapshot();
            List<HistoryEntry> uncovered = new ArrayList<>();
            for (HistoryEntry e : history.subList(0, i + 1)) {
                if (known.text() == null || e.turnId() > known.upToTurnId()) {
                    uncovered.add(e);
                }
            }
            summary.pending(uncovered);
            system.append("\n\nEarlier in this call (condensed):");
            if (known.text() != null) {
                system.append("\n").append(known.text());
                budget -= tokens(known.text());
            }
            system.append(summary(uncovered, Math.max(budget, budgetTokens / 10)));
        }
        List<LlmMessage> messages = new ArrayList<>(window);
        messages.addAll(turnMessages);
        return new LlmRequest(system.toString(), messages, tools);
    }

    private static LlmMessage message(HistoryEntry e) {
        if (e.speaker() == HistoryEntry.Speaker.CALLER) {
            return LlmMessage.user(e.text());
        }
        return LlmMessage.assistant(e.interrupted() ? e.text() + INTERRUPTED : e.text());
    }

    /** One clipped line per older turn, newest kept when even the summary is over budget. */
    static String summary(List<HistoryEntry> older, int budget) {
        Deque<String> lines = new ArrayDeque<>();
        for (int j = older.size() - 1; j >= 0; j--) {
            HistoryEntry e = older.get(j);
            String text = e.text().length() > SUMMARY_LINE_CHARS
                    ? e.text().substring(0, SUMMARY_LINE_CHARS) + "..." : e.text();
            String line = "\n- " + (e.speaker() == HistoryEntry.Speaker.CALLER ? "caller: " : "agent: ") + text
                    + (e.interrupted() ? " (interrupted)" : "");
            budget -= tokens(line);
            if (budget < 0) {
                break;
            }
            lines.addFirst(line);
        }
        return String.join("", lines);
    }
}
