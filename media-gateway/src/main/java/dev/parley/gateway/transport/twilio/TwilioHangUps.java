package dev.parley.gateway.transport.twilio;

import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ends at Twilio the calls we dialled and gave up on ({@link TwilioDials}), so that a call we have stopped waiting
 * for neither rings the callee later nor stays up without us: its REST API's call update, as Twilio documents it.
 * The gateway's shutdown waits for these requests, and for creations still in flight: a dial given up meanwhile is
 * only cancelled once Twilio's answer names the call.
 */
@Singleton
class TwilioHangUps {
    private static final Logger LOG = Logger.getLogger(TwilioHangUps.class);

    private final TwilioConfig config;
    private final TwilioCallsApi api;
    /** Requests not answered yet (some may be done and not yet removed). */
    private final Set<CompletableFuture<?>> ending = ConcurrentHashMap.newKeySet();

    TwilioHangUps(TwilioConfig config, TwilioCallsApi api) {
        this.config = config;
        this.api = api;
    }

    /**
     * Ends the call at Twilio: canceled while queued or ringing, completed once answered. A cancel that finds the
     * call in progress (answered while we gave up on it) did nothing, so completed follows. Without a call SID yet
     * the creation's answer does it.
     */
    void end(TwilioDial dial, boolean answered) {
        String callSid;
        synchronized (dial) {
            callSid = dial.callSid;
        }
        if (callSid == null) {
            return;
        }
        String base = config.apiBase().orElseThrow();
        String status = answered ? TwilioCallsApi.COMPLETED : TwilioCallsApi.CANCELED;
        LOG.infof("%s: ending Twilio call %s (%s)", dial.logTag(), callSid, status);
        CompletableFuture<TwilioCallsApi.Updated> update = api.update(base, dial, callSid, status)
                .thenCompose(updated -> answered || !"in-progress".equals(updated.callStatus())
                        ? CompletableFuture.completedFuture(updated)
                        : api.update(base, dial, callSid, TwilioCallsApi.COMPLETED));
        ending.add(update);
        update.whenComplete((updated, error) -> {
            ending.remove(update);
            if (error != null || updated.status() != 200) {
                LOG.warnf("%s: Twilio call %s may still be up: %s", dial.logTag(), callSid,
                        error != null ? error.getMessage() : "Twilio answered " + updated.status());
            }
        });
    }

    /** A call's creation, sent: {@link #await} waits for it and for the hang-up its answer may lead to. */
    void creating(CompletableFuture<?> creation) {
        ending.add(creation);
        creation.whenComplete((created, error) -> ending.remove(creation));
    }

    /**
     * Waits for the requests sent so far and those their answers lead to (a creation's cancel), at most twice the
     * API timeout: a creation in flight, then its hang-up.
     */
    void await() {
        long deadline = System.nanoTime() + 2 * config.apiTimeout().toNanos();
        try {
            while (true) {
                ending.removeIf(CompletableFuture::isDone);
                if (ending.isEmpty()) {
                    return;
                }
                try {
                    CompletableFuture.allOf(ending.toArray(CompletableFuture[]::new))
                            .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    // allOf ends once all are done: a failed one was logged by its caller; the others may have led to more.
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            LOG.warnf("Twilio did not confirm every call ended: %d request(s) unanswered", ending.size());
        }
    }
}
