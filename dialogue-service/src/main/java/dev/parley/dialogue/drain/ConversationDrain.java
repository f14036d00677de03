package dev.parley.dialogue.drain;

import dev.parley.contracts.dialogue.v1.DialogueResponse;
import io.grpc.Status;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * dialogue-service on SIGTERM (readiness is DOWN for the shutdown delay): new calls are refused, and each live
 * call's stream ends right after its next TurnDone — whose state the gateway resumes the call from on another
 * instance — so no answer is cut in the middle.
 */
@Singleton
public class ConversationDrain {
    private static final Logger LOG = Logger.getLogger(ConversationDrain.class);
    public static final Status DRAINING = Status.UNAVAILABLE.withDescription(
            "dialogue-service is shutting down: resume the call on another instance");
    private volatile boolean draining;

    void onShutdown(@Observes ShutdownDelayInitiatedEvent event) {
        draining = true;
        LOG.info("draining: new calls are refused, live ones move on after their next answer");
    }

    public boolean draining() {
        return draining;
    }

    /** {@code responses}, ended with {@link #DRAINING} after the first TurnDone sent while draining. */
    public Multi<DialogueResponse> endingAtTurnBoundaries(Multi<DialogueResponse> responses) {
        return responses.onItem().transformToMultiAndConcatenate(r -> r.hasDone() && draining
                ? Multi.createBy().concatenating().streams(Multi.createFrom().item(r),
                        Multi.createFrom().failure(DRAINING.asRuntimeException()))
                : Multi.createFrom().item(r));
    }
}
