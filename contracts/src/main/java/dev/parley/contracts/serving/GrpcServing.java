package dev.parley.contracts.serving;

import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.quarkus.grpc.runtime.health.GrpcHealthStorage;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * What a backend tells the gateways' load balancers through the gRPC health service (grpc.health.v1, the whole
 * server): NOT_SERVING while its engines warm up and from the moment it drains, SERVING in between. A gateway sends
 * a call's new stream only to an instance that reports SERVING, so a restarted instance takes no call before it is
 * warm and a draining one none at all — nothing is refused, no stream fails. Streams already open are untouched.
 */
@Singleton
public class GrpcServing {
    private static final Logger LOG = Logger.getLogger(GrpcServing.class);
    private final Instance<GrpcHealthStorage> health;
    private boolean warming;
    private boolean draining;

    GrpcServing(Instance<GrpcHealthStorage> health) {
        this.health = health;
    }

    /** The engines are warming up: take no streams yet. */
    public synchronized void warming() {
        warming = true;
        publish();
    }

    /** Warm (or given up warming: cold engines still serve). */
    public synchronized void warm() {
        warming = false;
        publish();
    }

    /** Shutting down (SIGTERM, the shutdown delay begins): take no new streams, for good. */
    synchronized void draining(@Observes ShutdownDelayInitiatedEvent event) {
        draining = true;
        publish();
    }

    public synchronized boolean serving() {
        return !warming && !draining;
    }

    private void publish() {
        if (!health.isResolvable()) {
            LOG.debug("the gRPC health service is off (quarkus.grpc.server.enable-health-service): gateways cannot "
                    + "tell a warming or draining instance from a serving one");
            return;
        }
        ServingStatus status = serving() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
        health.get().setStatus(GrpcHealthStorage.DEFAULT_SERVICE_NAME, status);
    }
}
