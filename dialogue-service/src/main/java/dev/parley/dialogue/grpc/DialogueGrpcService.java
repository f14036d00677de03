package dev.parley.dialogue.grpc;

import dev.parley.contracts.dialogue.v1.Dialogue;
import dev.parley.contracts.dialogue.v1.DialogueRequest;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.dialogue.analysis.PostCallAnalysis;
import dev.parley.dialogue.drain.ConversationDrain;
import dev.parley.dialogue.session.CallSession;
import dev.parley.dialogue.session.DialogueMetrics;
import dev.parley.dialogue.tenant.TenantDirectory;
import dev.parley.dialogue.tracing.DialogueTracing;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code Dialogue.Converse}: one bidirectional stream per call, served on the HTTP port. Beyond
 * {@code parley.capacity.max-streams} open calls a new stream is refused with RESOURCE_EXHAUSTED, so the gateway
 * turns the call away cleanly instead of every call's answers slowing down.
 */
@GrpcService
public class DialogueGrpcService implements Dialogue {

    @Inject
    TenantDirectory tenants;

    @Inject
    DialogueMetrics metrics;

    @Inject
    DialogueTracing tracing;

    @Inject
    ConversationDrain drain;

    @Inject
    PostCallAnalysis postCall;

    @ConfigProperty(name = "parley.capacity.max-streams")
    int maxStreams;

    @PostConstruct
    void showCapacity() {
        if (maxStreams < 1) {
            throw new IllegalArgumentException("parley.capacity.max-streams must be >= 1, got " + maxStreams);
        }
        metrics.capacity(maxStreams);
    }

    @Override
    public Multi<DialogueResponse> converse(Multi<DialogueRequest> requests) {
        if (drain.draining()) {
            return Multi.createFrom().failure(ConversationDrain.DRAINING.asRuntimeException());
        }
        if (!metrics.tryOpenStream(maxStreams)) {
            return Multi.createFrom().failure(Status.RESOURCE_EXHAUSTED
                    .withDescription("dialogue-service is serving its maximum of " + maxStreams + " streams")
                    .asRuntimeException());
        }
        return drain.endingAtTurnBoundaries(Multi.createFrom().emitter(out -> {
            CallSession session = new CallSession(out, tenants, metrics, tracing, postCall);
            AtomicReference<Cancellable> upstream = new AtomicReference<>();
            // Whichever side ends the stream, the call's state is released and the gateway's stream let go.
            out.onTermination(() -> {
                metrics.streamClosed();
                session.close();
                Cancellable c = upstream.get();
                if (c != null) {
                    c.cancel();
                }
            });
            upstream.set(requests.subscribe().with(session::onRequest, session::onCallerError,
                    session::onCallerDone));
        }));
    }
}
