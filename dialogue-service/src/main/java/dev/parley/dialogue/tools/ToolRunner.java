package dev.parley.dialogue.tools;

import dev.parley.contracts.events.ToolInvoked;
import dev.parley.contracts.redaction.RedactionPolicy;
import dev.parley.contracts.redaction.Redactor;
import dev.parley.dialogue.analysis.CallRecord;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.context.CallFacts;
import dev.parley.dialogue.context.CallState;
import dev.parley.dialogue.redaction.SlotRedaction;
import dev.parley.dialogue.tracing.ToolSpan;
import dev.parley.dialogue.tracing.TurnTraces;
import dev.parley.events.EventPublisher;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs tools for a call, reports every run as a {@link ToolInvoked} event (tool, arguments, outcome, duration) and
 * keeps what each run found in the call's facts, where later turns (and an LLM's prompt) find it.
 * <p>
 * An interruptible tool runs while its turn is listened to: a barge-in cancels it. A non-interruptible one (an action
 * with consequences) starts once and runs to its end whatever happens to the turn; the same call asking for it again
 * with the same arguments — a retry, or the next turn after a barge-in — gets that run's result, never a second run.
 */
public final class ToolRunner {

    private static final Logger LOG = Logger.getLogger(ToolRunner.class);

    private final EventPublisher events;
    private final Redactor redactor;

    /** A runner for a tenant that masks nothing. */
    public ToolRunner(EventPublisher events) {
        this(events, new Redactor(RedactionPolicy.NONE));
    }

    /**
     * @param redactor the tenant's: what the events and logs say about a run is masked by it; the tool itself gets
     *                 the arguments as said (a booking needs the real patient number)
     */
    public ToolRunner(EventPublisher events, Redactor redactor) {
        this.events = events;
        this.redactor = redactor;
    }

    public Uni<ToolResult> run(Tool tool, Conversation conversation, long turnId, Map<String, String> arguments) {
        ToolCall call = new ToolCall(conversation.tenantId(), conversation.callId(), turnId, tool.name(), arguments);
        if (tool.definition().isInterruptible()) {
            return execute(tool, conversation, call);
        }
        ToolLedger ledger = conversation.brainState(ToolLedger.KEY, ToolLedger.class, ToolLedger::new);
        return Uni.createFrom().deferred(() -> {
            String key = tool.name() + call.canonicalArguments();
            if (ledger.started(key)) {
                LOG.debugf("tenant=%s call=%s turn=%d: %s %s already ran in this call; reusing its result",
                        call.tenantId(), call.callId(), turnId, tool.name(), maskedArguments(conversation, call));
            }
            // subscribeAsCompletionStage starts the run now, detached from this subscriber; copy() hands out a
            // future whose cancellation (a barge-in) does not reach the run.
            CallState state = CallState.of(conversation);
            return Uni.createFrom()
                    .completionStage(ledger.once(key, () -> tracked(tool, conversation, call, key)).copy())
                    .invoke(result -> state.toolResultDelivered(key))
                    .onCancellation().invoke(() -> state.toolAbandoned(key));
        });
    }

    /** A run the caller may interrupt but not stop: the call's state shows it as open until it ends. */
    private CompletableFuture<ToolResult> tracked(Tool tool, Conversation conversation, ToolCall call, String key) {
        CallState state = CallState.of(conversation);
        state.toolStarted(key, tool.name() + " " + call.canonicalArguments(), call.turnId());
        // The run the ledger hands out completes only once the call's state has it as finished: whoever hears the
        // result (and the TurnDone state taken right after) never sees it as still running.
        return execute(tool, conversation, call).subscribeAsCompletionStage()
                .whenComplete((result, error) -> state.toolFinished(key, error == null));
    }

    private Uni<ToolResult> execute(Tool tool, Conversation conversation, ToolCall call) {
        return Uni.createFrom().deferred(() -> {
            long started = System.nanoTime();
            Instant at = Instant.now();
            ToolSpan span = TurnTraces.of(conversation).tool(conversation, call.turnId(), tool.name());
            return tool.invoke(call)
                    .invoke(result -> {
                        report(conversation, call, at, started, true, span);
                        span.succeeded();
                        CallRecord.of(conversation).toolSucceeded(call.tool(), call.arguments(), result);
                        if (tool instanceof ActionTool) {
                            return;
                        }
                        CallFacts facts = conversation.brainState(CallFacts.KEY, CallFacts.class, CallFacts::new);
                        facts.put(call.tool() + call.canonicalArguments(),
                                call.tool() + " " + call.canonicalArguments() + " -> " + result.toJson());
                    })
                    .onFailure().invoke(error -> {
                        List<String> recognized = recognized(conversation, call);
                        LOG.warnf("tool %s failed (tenant=%s call=%s turn=%d): %s", tool.name(),
                                call.tenantId(), call.callId(), call.turnId(),
                                redactor.mask(error.toString(), recognized));
                        report(conversation, call, at, started, false, span);
                        span.failed(error, redactor.mask(error.getMessage(), recognized));
                        CallRecord.of(conversation).toolFailed(call.tool(), call.arguments());
                    })
                    .onCancellation().invoke(span::cancelled);
        });
    }

    private void report(Conversation conversation, ToolCall call, Instant at, long started, boolean ok,
                        ToolSpan span) {
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        try (Scope ignored = span.makeCurrent()) {
            events.publish(new ToolInvoked(call.tenantId(), call.callId(), at, call.turnId(), call.tool(),
                    maskedArguments(conversation, call), ok, durationMs));
        } catch (RuntimeException e) {
            // The event path must never break the live path.
            LOG.warnf("tenant=%s call=%s: could not publish tool.invoked: %s", call.tenantId(), call.callId(),
                    e.toString());
        }
    }

    /** The run's arguments as events and logs carry them, masked with what the call recognized so far. */
    private Map<String, String> maskedArguments(Conversation conversation, ToolCall call) {
        if (!redactor.enabled()) {
            return call.arguments();
        }
        return SlotRedaction.arguments(redactor, call.arguments(), recognized(conversation, call));
    }

    /** The values of the policy's slots this call recognized: earlier runs' arguments and results, and this run's. */
    private List<String> recognized(Conversation conversation, ToolCall call) {
        if (!redactor.enabled()) {
            return List.of();
        }
        Map<String, String> slots = new HashMap<>(CallRecord.of(conversation).facts().recognized());
        slots.putAll(call.arguments());
        return SlotRedaction.values(redactor, slots);
    }
}
