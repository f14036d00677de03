package dev.parley.gateway.transport.twilio;

import dev.parley.gateway.admission.CallAdmission;
import dev.parley.gateway.outbound.OutboundEvents;
import dev.parley.gateway.outbound.OutboundLimits;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The calls {@link TwilioDialer} placed, until each ends: Twilio's answer to the creation (201: dialing, else failed)
 * and its status callbacks (ringing, in-progress, busy, no-answer, failed, canceled, completed) become call.outbound
 * events; the media stream's start is the answer. A dial holds its slot and its count in the tenant's limits until
 * the call ends unanswered or, answered, until its stream closes (or Twilio says it completed). A dial we give up on
 * (no news from Twilio in time, the gateway stopping) is ended at Twilio's REST API too.
 */
@Singleton
class TwilioDials {
    private static final Logger LOG = Logger.getLogger(TwilioDials.class);
    private static final String CALLER_HANGUP = "caller-hangup";

    private final TwilioConfig config;
    private final TwilioHangUps hangUps;
    private final CallAdmission admission;
    private final OutboundLimits limits;
    private final OutboundEvents events;
    private final Vertx vertx;
    private final Map<String, TwilioDial> dials = new ConcurrentHashMap<>();
    private final Map<String, TwilioDial> byConnection = new ConcurrentHashMap<>();
    /**
     * Dials whose creation went unanswered (our API timeout): Twilio may have created the call all the same, and
     * then its first status callback names it, so that it can be ended there. Kept as long as a dial's backstop.
     */
    private final Map<String, TwilioDial> unnamed = new ConcurrentHashMap<>();

    TwilioDials(TwilioConfig config, TwilioHangUps hangUps, CallAdmission admission, OutboundLimits limits,
                OutboundEvents events, Vertx vertx) {
        this.config = config;
        this.hangUps = hangUps;
        this.admission = admission;
        this.limits = limits;
        this.events = events;
        this.vertx = vertx;
    }

    /** A dial holding its slot, about to be created at Twilio: followed from now on, until its backstop at most. */
    void add(TwilioDial dial) {
        dials.put(dial.callId(), dial);
        // A backstop past the ring timeout: a call Twilio never tells us about again must not hold its slot forever.
        long guardMs = backstopMs();
        synchronized (dial) {
            dial.guardTimer = vertx.setTimer(guardMs, t -> giveUp(dial, "Twilio reported no answer within "
                    + guardMs / 1000 + " s"));
        }
    }

    /** Twilio's answer to the dial's creation: the call's SID, its refusal, or none in time ({@code error}). */
    void created(TwilioDial dial, TwilioCallsApi.Created created, Throwable error) {
        if (error != null) {
            unnamed.put(dial.callId(), dial);
            vertx.setTimer(backstopMs(), t -> unnamed.remove(dial.callId()));
            end(dial, OutboundEvents.FAILED, 0, "Twilio's API did not answer: " + error.getMessage());
        } else if (!created.created()) {
            end(dial, OutboundEvents.FAILED, created.status(), created.error());
        } else {
            boolean givenUp;
            synchronized (dial) {
                dial.callSid = created.callSid();
                givenUp = dial.givenUp;
                dialing(dial, created.status());
            }
            if (givenUp) {
                // Created after we gave up on it (a slow API): it must not ring anyway.
                hangUps.end(dial, false);
            }
        }
    }

    private long backstopMs() {
        return config.ringTimeout().toMillis() + config.apiTimeout().toMillis() + config.statusGrace().toMillis();
    }

    /** The outbound call a status callback is about, while it is not over. */
    Optional<TwilioDial> pending(String callId) {
        return Optional.ofNullable(callId).map(dials::get);
    }

    /**
     * A signed status callback about a call of ours that is over here: if it is one whose creation went unanswered
     * and Twilio says it is still going, it is ended there, once.
     */
    void over(String tenantId, String callId, String callSid, String callStatus) {
        TwilioDial dial = callId == null ? null : unnamed.get(callId);
        if (dial == null || !dial.tenantId().equals(tenantId) || callSid == null || callSid.isEmpty()
                || !unnamed.remove(callId, dial)) {
            return;
        }
        boolean live = List.of("queued", "initiated", "ringing", "in-progress").contains(callStatus);
        if (live) {
            synchronized (dial) {
                dial.callSid = callSid;
            }
            LOG.infof("%s: Twilio created the call after its API timed out (%s)", dial.logTag(), callStatus);
            hangUps.end(dial, callStatus.equals("in-progress"));
        }
    }

    /** Twilio's {@code CallStatus} for one of our calls (from a signed status callback). */
    void status(TwilioDial dial, String callStatus) {
        switch (callStatus) {
            case "queued", "initiated" -> {
                synchronized (dial) {
                    dialing(dial, 0);
                }
            }
            case "ringing" -> {
                synchronized (dial) {
                    dialing(dial, 0);
                    if (!dial.ringing && !dial.answered && !dial.done) {
                        dial.ringing = true;
                        events.publish(dial, OutboundEvents.RINGING, 0, null);
                    }
                }
            }
            case "in-progress" -> answered(dial);
            case "busy" -> end(dial, OutboundEvents.BUSY, 0, "busy");
            case "no-answer" -> end(dial, OutboundEvents.NO_ANSWER, 0, "no answer");
            case "failed", "canceled" -> end(dial, OutboundEvents.FAILED, 0, callStatus);
            case "completed" -> {
                boolean answered;
                synchronized (dial) {
                    answered = dial.answered;
                }
                if (answered) {
                    hungUp(dial);
                } else {
                    end(dial, OutboundEvents.FAILED, 0, "completed without being answered");
                }
            }
            default -> LOG.debugf("%s: Twilio status '%s' ignored", dial.logTag(), callStatus);
        }
    }

    /**
     * A signed media stream started for one of our calls: it is answered, and its session runs on this connection.
     * Empty when the call is not ours to run (unknown, over, another account's, or already streaming).
     */
    Optional<TwilioDial> streamStarted(String callId, String accountSid, String connectionId) {
        TwilioDial dial = callId == null ? null : dials.get(callId);
        if (dial == null || !dial.account().accountSid().equals(accountSid)) {
            return Optional.empty();
        }
        synchronized (dial) {
            if (dial.done || dial.connection != null) {
                return Optional.empty();
            }
            dial.connection = connectionId;
        }
        byConnection.put(connectionId, dial);
        answered(dial);
        return Optional.of(dial);
    }

    /**
     * A media stream closed (its session, if any, already ended by {@link dev.parley.gateway.transport.MediaStreams}):
     * if it was one of our calls', that call is over.
     */
    void streamClosed(String connectionId) {
        TwilioDial dial = byConnection.remove(connectionId);
        if (dial == null) {
            return;
        }
        if (dial.screen != null) {
            // Without a session: we hung up (the screen knows why) or the callee did. With one: whether the brain
            // hung up after the voicemail message, or the callee during it.
            dial.screen.ended(dial.session == null ? CALLER_HANGUP : dial.session.endReason());
        }
        hungUp(dial);
    }

    /** Gives every dial up, here and at Twilio. */
    void giveUpAll(String reason) {
        List.copyOf(dials.values()).forEach(dial -> giveUp(dial, reason));
    }

    /** Publishes dialing once: on Twilio's 201, or on a status callback that overtook it. Under the dial's lock. */
    private void dialing(TwilioDial dial, int status) {
        if (!dial.dialingPublished && !dial.done) {
            dial.dialingPublished = true;
            events.publish(dial, OutboundEvents.DIALING, status, null);
        }
    }

    private void answered(TwilioDial dial) {
        synchronized (dial) {
            if (dial.answered || dial.done) {
                return;
            }
            dialing(dial, 0);
            dial.answered = true;
            vertx.cancelTimer(dial.guardTimer);
            events.publish(dial, OutboundEvents.ANSWERED, 0, null);
        }
        LOG.infof("%s: %s answered", dial.logTag(), dial.to());
    }

    /** The answered call ended: its slot and the tenant's count are free (its session ends with its stream). */
    private void hungUp(TwilioDial dial) {
        synchronized (dial) {
            if (dial.done) {
                return;
            }
            dial.done = true;
        }
        release(dial);
        LOG.infof("%s: call with %s over", dial.logTag(), dial.to());
    }

    /** The call ends unanswered with {@code outcome} (an answered call only ends by hanging up). */
    private void end(TwilioDial dial, String outcome, int status, String reason) {
        synchronized (dial) {
            if (dial.done || dial.answered) {
                return;
            }
            dial.done = true;
            vertx.cancelTimer(dial.guardTimer);
            events.publish(dial, outcome, status, reason);
        }
        release(dial);
        LOG.infof("%s: %s to %s (%d %s)", dial.logTag(), outcome, dial.to(), status, reason);
    }

    /** We stop waiting for the call: it ends here (failed while unanswered, else over) and at Twilio. */
    private void giveUp(TwilioDial dial, String reason) {
        boolean answered;
        synchronized (dial) {
            if (dial.done) {
                return;
            }
            dial.givenUp = true;
            answered = dial.answered;
        }
        if (answered) {
            hungUp(dial);
        } else {
            end(dial, OutboundEvents.FAILED, 0, reason);
        }
        hangUps.end(dial, answered);
    }

    private void release(TwilioDial dial) {
        dials.remove(dial.callId());
        admission.release(dial.slot(), false);
        limits.release(dial.tenantId(), dial.account());
    }
}
