package dev.parley.gateway.session;

import io.vertx.core.Context;

import java.util.concurrent.Executor;

/**
 * The single context a call's work runs on (its connection's Vert.x event loop context). Everything that
 * touches a {@link CallSession} — caller audio, gRPC responses, playout ticks — is funnelled here, so a call
 * is processed by one thread at a time without locks and without a thread of its own.
 */
public final class CallContext implements Executor {
    private final Context vertx;

    public CallContext(Context vertx) {
        this.vertx = vertx;
    }

    @Override
    public void execute(Runnable task) {
        vertx.runOnContext(v -> task.run());
    }

    public long periodic(long millis, Runnable task) {
        return vertx.owner().setPeriodic(millis, id -> task.run());
    }

    public long timer(long millis, Runnable task) {
        return vertx.owner().setTimer(millis, id -> task.run());
    }

    public void cancelTimer(long id) {
        vertx.owner().cancelTimer(id);
    }
}
