package dev.parley.dialogue.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.dialogue.brain.HistoryEntry;
import dev.parley.dialogue.llm.LlmEvent;
import dev.parley.dialogue.llm.LlmMessage;
import dev.parley.dialogue.llm.LlmProvider;
import dev.parley.dialogue.llm.LlmRequest;
import dev.parley.dialogue.resilience.StreamTimeouts;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

/**
 * Asks the tenant's LLM, after the call, for a summary and the caller's sentiment: one short completion over the
 * transcript and the deterministic facts, bounded by a timeout. Empty when it fails, times out or answers something
 * unusable — the template's summary stands then, and no sentiment is given (none is ever guessed).
 */
final class LlmReview {

    /** An LLM's summary and sentiment (null when it gave none of the three allowed), and which LLM. */
    record Review(String summary, String sentiment, String by) {
    }

    static final String PROMPT = "You review a finished phone call between a caller and a company's voice agent. "
            + "Answer with one JSON object and nothing else: {\"summary\": \"<one or two sentences: what the caller "
            + "wanted and what came of it, with names and numbers>\", \"sentiment\": \"positive\" | \"neutral\" | "
            + "\"negative\"}. The sentiment is the caller's, at the end of the call.";
    static final Set<String> SENTIMENTS = Set.of("positive", "neutral", "negative");
    static final int MAX_SUMMARY_CHARS = 600;
    /** The newest transcript lines sent: the record's facts cover the rest. */
    static final int MAX_LINES = 60;

    private static final ObjectMapper JSON = new ObjectMapper();

    private LlmReview() {
    }

    static CompletableFuture<Optional<Review>> ask(LlmProvider provider, List<HistoryEntry> history, String facts,
                                                   Duration timeout, ScheduledExecutorService timer) {
        StringBuilder input = new StringBuilder("Transcript:");
        List<HistoryEntry> lines = history.subList(Math.max(0, history.size() - MAX_LINES), history.size());
        for (HistoryEntry e : lines) {
            input.append("\n").append(e.speaker() == HistoryEntry.Speaker.CALLER ? "Caller: " : "Agent: ")
                    .append(e.text()).append(e.interrupted() ? " (interrupted)" : "");
        }
        input.append("\n\nWhat the system recorded: ").append(facts);
        LlmRequest request = new LlmRequest(PROMPT, List.of(LlmMessage.user(input.toString())), List.of());
        return StreamTimeouts.firstAndIdle(provider.stream(request), timeout, timeout, timer, "post-call review")
                .filter(e -> e instanceof LlmEvent.TextDelta)
                .map(e -> ((LlmEvent.TextDelta) e).text())
                .collect().with(Collectors.joining())
                .ifNoItem().after(timeout).fail()
                .map(text -> parse(text, provider.name()))
                .onFailure().recoverWithItem(Optional.empty())
                .subscribeAsCompletionStage();
    }

    /** The review in the model's answer: the JSON object in it (models wrap it in prose or code fences). */
    static Optional<Review> parse(String answer, String by) {
        int start = answer.indexOf('{');
        int end = answer.lastIndexOf('}');
        if (start < 0 || end < start) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(answer.substring(start, end + 1));
        } catch (Exception e) {
            return Optional.empty();
        }
        String summary = node.path("summary").asText("").strip();
        if (summary.isEmpty()) {
            return Optional.empty();
        }
        if (summary.length() > MAX_SUMMARY_CHARS) {
            summary = summary.substring(0, MAX_SUMMARY_CHARS - 3).strip() + "...";
        }
        String sentiment = node.path("sentiment").asText("").strip().toLowerCase(java.util.Locale.ROOT);
        return Optional.of(new Review(summary, SENTIMENTS.contains(sentiment) ? sentiment : null, by));
    }
}
