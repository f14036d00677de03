package dev.parley.gateway.drain;

import dev.parley.gateway.admission.CallAdmission;
import dev.parley.gateway.session.CallSession;
import dev.parley.gateway.session.CallSessions;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Set;

/**
 * What the gateway does on SIGTERM (a rollout, a scale-down): its calls cannot move — the carrier's socket ends
 * here — so it stops taking calls (readiness DOWN, every new call refused with a clear "shutting down"), lets the
 * live ones finish for up to {@code parley.drain.timeout}, then says the held goodbye to the rest and ends them
 * ({@code drain}). Only then does Quarkus stop the HTTP server. Runs in Quarkus's pre-shutdown phase, which waits for it.
 */
@Singleton
public class GatewayDrain {
    private static final Logger LOG = Logger.getLogger(GatewayDrain.class);
    private static final long POLL_MS = 200;
    /** Time for the goodbyes of the calls ended by the drain to play and their lines to close. */
    private static final long GOODBYE_MS = 8_000;

    private final CallAdmission admission;
    private final CallSessions sessions;
    private final Duration timeout;

    GatewayDrain(CallAdmission admission, CallSessions sessions,
                 @ConfigProperty(name = "parley.drain.timeout", defaultValue = "60s") Duration timeout) {
        this.admission = admission;
        this.sessions = sessions;
        this.timeout = timeout;
    }

    void onShutdown(@Observes ShutdownDelayInitiatedEvent event) throws InterruptedException {
        drain();
    }

    /** Blocks until no call is left, or the timeout and the goodbyes have passed. */
    public void drain() throws InterruptedException {
        admission.startDraining();
        long started = System.nanoTime();
        int atStart = admission.used();
        LOG.infof("draining: %d call(s) held or live; new calls are refused; waiting up to %d s for them to end",
                atStart, timeout.toSeconds());
        waitForCalls(started + timeout.toNanos());
        Set<CallSession> left = sessions.live();
        if (!left.isEmpty()) {
            LOG.warnf("drain timeout: ending %d call(s) with a goodbye", left.size());
            left.forEach(CallSession::drain);
            waitForCalls(System.nanoTime() + GOODBYE_MS * 1_000_000);
        }
        LOG.infof("drained in %d ms: %d call(s) at the start, %d still open", (System.nanoTime() - started) / 1_000_000,
                atStart, admission.used());
    }

    private void waitForCalls(long untilNanos) throws InterruptedException {
        while (admission.used() > 0 && System.nanoTime() < untilNanos) {
            Thread.sleep(POLL_MS);
        }
    }
}
