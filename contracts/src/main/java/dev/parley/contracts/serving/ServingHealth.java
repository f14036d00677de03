package dev.parley.contracts.serving;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a backend tells the gateways' load balancers through the gRPC health service (grpc.health.v1, the whole
 * server): NOT_SERVING while its engines warm up, SERVING once warm. A gateway opens a call's new stream only on an
 * instance that serves, so a restarted instance takes no call before it is warm — nothing is refused, no stream
 * fails, open streams are untouched.
 * <p>
 * On SIGTERM (the shutdown delay begins) every watcher hears NOT_SERVING and its watch is ended, and new watches are
 * refused without an answer: a watch left open would hold the graceful shutdown for its whole timeout, and a refused
 * one makes the client back off instead of asking again at once.
 * <p>
 * Each backend serves it as a one-line {@code @GrpcService} subclass (this module is on the gateway's classpath too,
 * which must not start a gRPC server), with Quarkus's own health service off
 * ({@code quarkus.grpc.server.enable-health-service=false}).
 */
public abstract class ServingHealth extends HealthGrpc.HealthImplBase {
    private static final Status DRAINING = Status.UNAVAILABLE.withDescription("shutting down");
    private final Set<StreamObserver<HealthCheckResponse>> watchers = ConcurrentHashMap.newKeySet();
    private volatile boolean warming;
    private volatile boolean draining;

    /** The engines are warming up: take no streams yet. */
    public void warming() {
        warming = true;
        publish();
    }

    /** Warm (or given up warming: cold engines still serve). */
    public void warm() {
        warming = false;
        publish();
    }

    public boolean serving() {
        return !warming && !draining;
    }

    protected void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        draining = true;
        publish();
        for (StreamObserver<HealthCheckResponse> w : List.copyOf(watchers)) {
            if (watchers.remove(w)) {
                end(w);
            }
        }
    }

    @Override
    public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> out) {
        out.onNext(response());
        out.onCompleted();
    }

    @Override
    public void watch(HealthCheckRequest request, StreamObserver<HealthCheckResponse> out) {
        if (draining) {
            out.onError(DRAINING.asRuntimeException());
            return;
        }
        watchers.add(out);
        ((ServerCallStreamObserver<HealthCheckResponse>) out).setOnCancelHandler(() -> watchers.remove(out));
        send(out, response());
        if (draining && watchers.remove(out)) {
            end(out); // the drain began while this watch was being added
        }
    }

    private HealthCheckResponse response() {
        return HealthCheckResponse.newBuilder()
                .setStatus(serving() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING).build();
    }

    private void publish() {
        HealthCheckResponse now = response();
        for (StreamObserver<HealthCheckResponse> w : watchers) {
            send(w, now);
        }
    }

    private static void send(StreamObserver<HealthCheckResponse> w, HealthCheckResponse r) {
        synchronized (w) {
            try {
                w.onNext(r);
            } catch (RuntimeException gone) {
                // the watcher was cancelled meanwhile; its cancel handler forgets it
            }
        }
    }

    private static void end(StreamObserver<HealthCheckResponse> w) {
        synchronized (w) {
            try {
                w.onCompleted();
            } catch (RuntimeException gone) {
                // already cancelled
            }
        }
    }
}
