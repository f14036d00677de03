package dev.parley.dialogue.grpc;

import dev.parley.contracts.dialogue.v1.Dialogue;
import dev.parley.contracts.dialogue.v1.DialogueRequest;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.dialogue.session.CallSession;
import dev.parley.dialogue.session.DialogueMetrics;
import dev.parley.dialogue.tenant.TenantDirectory;
import dev.parley.dialogue.tracing.DialogueTracing;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.inject.Inject;

import java.util.concurrent.atomic.AtomicReference;

/** {@code Dialogue.Converse}: one bidirectional stream per call, served on the HTTP port. */
@GrpcService
public class DialogueGrpcService implements Dialogue {

    @Inject
    TenantDirectory tenants;

    @Inject
    DialogueMetrics metrics;

    @Inject
    DialogueTracing tracing;

    @Override
    public Multi<DialogueResponse> converse(Multi<DialogueRequest> requests) {
        return Multi.createFrom().emitter(out -> {
            CallSession session = new CallSession(out, tenants, metrics, tracing);
            AtomicReference<Cancellable> upstream = new AtomicReference<>();
            // Whichever side ends the stream, the call's state is released and the gateway's stream let go.
            out.onTermination(() -> {
                session.close();
                Cancellable c = upstream.get();
                if (c != null) {
                    c.cancel();
                }
            });
            upstream.set(requests.subscribe().with(session::onRequest, session::onCallerError,
                    session::onCallerDone));
        });
    }
}
