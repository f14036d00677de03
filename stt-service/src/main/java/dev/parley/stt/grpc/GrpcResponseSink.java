package dev.parley.stt.grpc;

import dev.parley.contracts.stt.v1.RecognizeResponse;
import dev.parley.stt.session.ResponseSink;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

/**
 * Hands a worker thread's answers and read-ahead requests to the gRPC call on the call's own event-loop context
 * (Vert.x runs a context's tasks in order, so answers keep the order they were produced in).
 */
final class GrpcResponseSink implements ResponseSink {
    private static final Logger LOG = Logger.getLogger(GrpcResponseSink.class);

    private final ServerCallStreamObserver<RecognizeResponse> call;
    private final Context context;

    GrpcResponseSink(ServerCallStreamObserver<RecognizeResponse> call, Context context) {
        this.call = call;
        this.context = context;
    }

    @Override
    public void send(RecognizeResponse response) {
        onCall(() -> call.onNext(response));
    }

    @Override
    public void complete() {
        onCall(call::onCompleted);
    }

    @Override
    public void fail(Status status) {
        onCall(() -> call.onError(status.asRuntimeException()));
    }

    /** Lets gRPC read {@code n} more requests of this stream (manual flow control). */
    void request(int n) {
        onCall(() -> call.request(n));
    }

    private void onCall(Runnable action) {
        if (context == null || Vertx.currentContext() == context) {
            run(action);
        } else {
            context.runOnContext(ignored -> run(action));
        }
    }

    private static void run(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            // The call was cancelled or closed meanwhile; the session is (or will be) ended by the cancel handler.
            LOG.debugf("gRPC call already closed: %s", e.toString());
        }
    }
}
