package dev.parley.dialogue.context;

import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.HistoryEntry;
import dev.parley.dialogue.llm.LlmEvent;
import dev.parley.dialogue.llm.LlmMessage;
import dev.parley.dialogue.llm.LlmProvider;
import dev.parley.dialogue.llm.LlmRequest;
import dev.parley.dialogue.resilience.StreamTimeouts;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Asks the tenant's model, off the live path, to fold turns that slid out of the prompt's window into the call's
 * running summary (the previous summary plus the new turns). At most one run per call at a time, bounded by a
 * timeout; a failed run only means the extractive condensation stays in place a little longer.
 */
public final class Summarizer {

    static final int MIN_NEW_ENTRIES = 4;
    static final String PROMPT = "You keep the memory of a phone call between a caller and an agent. Rewrite the "
            + "summary so far and the new transcript lines as one summary of at most three sentences. Keep names, "
            + "numbers, dates, what the caller wants, and what was agreed or done. Write only the summary.";

    private static final Logger LOG = Logger.getLogger(Summarizer.class);

    private final LlmProvider provider;
    private final Duration timeout;
    private final Supplier<ScheduledExecutorService> timer;

    public Summarizer(LlmProvider provider, Duration timeout, Supplier<ScheduledExecutorService> timer) {
        this.provider = provider;
        this.timeout = timeout;
        this.timer = timer;
    }

    /** Starts a summary run if enough condensed turns are waiting; returns at once. */
    public void maybeStart(Conversation conversation) {
        CallSummary summary = conversation.brainState(CallSummary.KEY, CallSummary.class, CallSummary::new);
        List<HistoryEntry> turns = summary.claim(MIN_NEW_ENTRIES);
        if (turns == null) {
            return;
        }
        String previous = summary.snapshot().text();
        StringBuilder input = new StringBuilder();
        if (previous != null) {
            input.append("Summary so far: ").append(previous).append("\n\n");
        }
        input.append("New transcript lines:");
        for (HistoryEntry e : turns) {
            input.append("\n").append(e.speaker() == HistoryEntry.Speaker.CALLER ? "Caller: " : "Agent: ")
                    .append(e.text()).append(e.interrupted() ? " (interrupted)" : "");
        }
        long coveredUpTo = turns.get(turns.size() - 1).turnId();
        LlmRequest request = new LlmRequest(PROMPT, List.of(LlmMessage.user(input.toString())), List.of());
        StreamTimeouts.firstAndIdle(provider.stream(request), timeout, timeout, timer.get(), "summary")
                .filter(e -> e instanceof LlmEvent.TextDelta)
                .map(e -> ((LlmEvent.TextDelta) e).text())
                .collect().with(Collectors.joining())
                .subscribe().with(text -> {
                    if (text.isBlank()) {
                        summary.failed();
                    } else {
                        summary.update(text.strip(), coveredUpTo);
                    }
                }, error -> {
                    LOG.debugf("tenant=%s call=%s: summary failed: %s", conversation.tenantId(),
                            conversation.callId(), error.toString());
                    summary.failed();
                });
    }
}
