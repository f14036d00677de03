package dev.parley.dialogue.brain;

import dev.parley.contracts.events.EngineFallback;
import dev.parley.contracts.redaction.RedactionPolicy;
import dev.parley.contracts.redaction.Redactor;
import dev.parley.dialogue.resilience.EngineGuard;
import dev.parley.events.EventPublisher;
import io.smallrye.mutiny.Multi;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Tries {@code primary}; if it fails before saying anything, {@code secondary} answers the turn instead. A failure after
 * some text was emitted just ends the turn: repeating the turn from another brain would talk over what was said.
 * Chains nest: {@code llm -> (flow -> apology)}. With the primary's {@link EngineGuard}, a primary whose breaker is
 * open is skipped outright (no work is done for it) until the breaker lets a trial through; the guard itself sits on
 * the primary's provider requests, where it times them and counts their failures.
 */
public final class FallbackBrain implements Brain {

    private static final Logger LOG = Logger.getLogger(FallbackBrain.class);

    private final Brain primary;
    private final Brain secondary;
    private final EventPublisher events;
    private final EngineGuard guard;
    private final Redactor redactor;

    public FallbackBrain(Brain primary, Brain secondary, EventPublisher events) {
        this(primary, secondary, events, null);
    }

    /** @param guard the primary's; null for none (the flow brain needs none: it is in-process) */
    public FallbackBrain(Brain primary, Brain secondary, EventPublisher events, EngineGuard guard) {
        this(primary, secondary, events, guard, new Redactor(RedactionPolicy.NONE));
    }

    /**
     * @param redactor the tenant's: an engine's error may quote what it was given or answered (an LLM's malformed
     *                 event, the caller's number in it), and the error goes to the log and the engine.fallback event
     */
    public FallbackBrain(Brain primary, Brain secondary, EventPublisher events, EngineGuard guard,
                         Redactor redactor) {
        this.primary = primary;
        this.secondary = secondary;
        this.events = events;
        this.guard = guard;
        this.redactor = redactor;
    }

    @Override
    public String name() {
        return primary.name();
    }

    @Override
    public Multi<BrainOutput> greet(Conversation conversation) {
        return guarded(conversation, () -> primary.greet(conversation), () -> secondary.greet(conversation));
    }

    @Override
    public Multi<BrainOutput> respond(Conversation conversation, TurnInput input) {
        return guarded(conversation, () -> primary.respond(conversation, input),
                () -> secondary.respond(conversation, input));
    }

    private Multi<BrainOutput> guarded(Conversation conversation, Supplier<Multi<BrainOutput>> first,
                                       Supplier<Multi<BrainOutput>> second) {
        return Multi.createFrom().deferred(() -> {
            if (guard != null && guard.isOpen()) {
                report(conversation, "circuit open");
                return second.get();
            }
            AtomicBoolean spoke = new AtomicBoolean();
            return Multi.createFrom().deferred(first::get)
                    .invoke(o -> {
                        if (o instanceof BrainOutput.Text) {
                            spoke.set(true);
                        }
                    })
                    .onFailure().recoverWithMulti(error -> {
                        String why = redactor.mask(String.valueOf(error));
                        LOG.warnf("brain %s failed (tenant=%s call=%s): %s", primary.name(),
                                conversation.tenantId(), conversation.callId(), why);
                        report(conversation, why);
                        if (spoke.get()) {
                            return Multi.createFrom().item(new BrainOutput.Done(primary.name()));
                        }
                        return second.get();
                    });
        });
    }

    private void report(Conversation conversation, String error) {
        try {
            events.publish(new EngineFallback(conversation.tenantId(), conversation.callId(), Instant.now(),
                    "brain", primary.name(), secondary.name(), error));
        } catch (RuntimeException e) {
            // The event path must never break the live path.
            LOG.warnf("could not publish engine.fallback for call %s: %s", conversation.callId(), e.toString());
        }
    }
}
