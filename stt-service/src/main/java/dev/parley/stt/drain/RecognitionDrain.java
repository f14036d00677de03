package dev.parley.stt.drain;

import io.grpc.Status;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * stt-service on SIGTERM (readiness is DOWN for the shutdown delay): new streams are refused, and each live stream
 * is ended at its next turn boundary — right after the final of a flush — so the gateway moves the call to another
 * instance between two of the caller's turns, with nothing to hear again.
 */
@Singleton
public class RecognitionDrain {
    private static final Logger LOG = Logger.getLogger(RecognitionDrain.class);
    public static final Status DRAINING = Status.UNAVAILABLE.withDescription(
            "stt-service is shutting down: recognize on another instance");
    private volatile boolean draining;

    void onShutdown(@Observes ShutdownDelayInitiatedEvent event) {
        draining = true;
        LOG.info("draining: new streams are refused, live ones end after their next final");
    }

    public boolean draining() {
        return draining;
    }
}
