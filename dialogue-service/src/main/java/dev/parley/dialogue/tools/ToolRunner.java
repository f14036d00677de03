package dev.parley.dialogue.tools;

import dev.parley.contracts.events.ToolInvoked;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.tracing.ToolSpan;
import dev.parley.dialogue.tracing.TurnTraces;
import dev.parley.events.EventPublisher;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Map;

/** Runs tools for a call and reports every run as a {@link ToolInvoked} event (tool, arguments, outcome, duration). */
public final class ToolRunner {

    private static final Logger LOG = Logger.getLogger(ToolRunner.class);

    private final EventPublisher events;

    public ToolRunner(EventPublisher events) {
        this.events = events;
    }

    public Uni<ToolResult> run(Tool tool, Conversation conversation, long turnId, Map<String, String> arguments) {
        return Uni.createFrom().deferred(() -> {
            long started = System.nanoTime();
            Instant at = Instant.now();
            ToolSpan span = TurnTraces.of(conversation).tool(conversation, turnId, tool.name());
            return tool.invoke(arguments)
                    .invoke(result -> {
                        report(tool, conversation, turnId, arguments, at, started, true, span);
                        span.succeeded();
                    })
                    .onFailure().invoke(error -> {
                        LOG.warnf("tool %s failed (tenant=%s call=%s turn=%d): %s", tool.name(),
                                conversation.tenantId(), conversation.callId(), turnId, error.toString());
                        report(tool, conversation, turnId, arguments, at, started, false, span);
                        span.failed(error);
                    })
                    .onCancellation().invoke(span::cancelled);
        });
    }

    private void report(Tool tool, Conversation conversation, long turnId, Map<String, String> arguments,
                        Instant at, long started, boolean ok, ToolSpan span) {
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        try (Scope ignored = span.makeCurrent()) {
            events.publish(new ToolInvoked(conversation.tenantId(), conversation.callId(), at, turnId, tool.name(),
                    Map.copyOf(arguments), ok, durationMs));
        } catch (RuntimeException e) {
            // The event path must never break the live path.
            LOG.warnf("could not publish tool.invoked for call %s: %s", conversation.callId(), e.toString());
        }
    }
}
