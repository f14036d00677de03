package dev.parley.tts.drain;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * tts-service on SIGTERM (readiness is DOWN for the shutdown delay): new utterances are refused, so the gateway
 * voices them on another instance; utterances being voiced finish here (each is one short stream).
 */
@Singleton
public class SynthesisDrain {
    private static final Logger LOG = Logger.getLogger(SynthesisDrain.class);
    private volatile boolean draining;

    void onShutdown(@Observes ShutdownDelayInitiatedEvent event) {
        draining = true;
        LOG.info("draining: new utterances are refused, those being voiced finish");
    }

    public boolean draining() {
        return draining;
    }
}
