package dev.parley.gateway.admission;

import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many calls this gateway serves at once. A slot is either held (a carrier webhook accepted the call, its
 * media stream is on its way) or live (a media stream carries the call). A webhook that accepts a call holds a slot,
 * so the media stream that follows is never refused for want of one; a hold whose stream never comes is freed after
 * {@code parley.capacity.hold-timeout}. Streams that had no webhook (the browser, a late stream whose hold expired)
 * take a free slot or are refused.
 */
@Singleton
public class CallAdmission {
    private static final Logger LOG = Logger.getLogger(CallAdmission.class);
    /** Name of the TwiML stream parameter / stream URL query parameter that carries a held slot's id. */
    public static final String SLOT = "slot";
    /** The reason a full gateway gives on a WebSocket close (1013) and in logs. */
    public static final String BUSY = "try again later: all lines are busy";
    /** The reason a draining gateway gives instead. */
    public static final String DRAINING = "try again later: this gateway is shutting down";

    private final int maxCalls;
    private final long holdTimeoutMs;
    private final Vertx vertx;
    private final AdmissionMetrics metrics;
    private final AtomicInteger used = new AtomicInteger();
    /** Held slot id → its expiry timer (-1 until the timer is set). */
    private final Map<String, Long> held = new ConcurrentHashMap<>();
    /** Media connection id → its transport, for every live slot. */
    private final Map<String, String> live = new ConcurrentHashMap<>();
    private volatile boolean draining;

    public CallAdmission(@ConfigProperty(name = "parley.capacity.max-calls") int maxCalls,
                         @ConfigProperty(name = "parley.capacity.hold-timeout") Duration holdTimeout,
                         Vertx vertx, AdmissionMetrics metrics) {
        if (maxCalls < 0 || holdTimeout.isNegative() || holdTimeout.isZero()) {
            throw new IllegalArgumentException("parley.capacity.max-calls must be >= 0 and parley.capacity.hold-timeout"
                    + " > 0, got " + maxCalls + " and " + holdTimeout);
        }
        this.maxCalls = maxCalls;
        this.holdTimeoutMs = holdTimeout.toMillis();
        this.vertx = vertx;
        this.metrics = metrics;
        metrics.watch(this);
    }

    /** At a carrier webhook: holds a slot for the call's media stream and returns its id, or empty when full. */
    public Optional<String> hold(String transport) {
        if (draining) {
            metrics.refused(transport, AdmissionMetrics.DRAINING);
            LOG.warnf("refusing a %s call at its webhook: the gateway is shutting down", transport);
            return Optional.empty();
        }
        if (!tryTake()) {
            metrics.refused(transport, AdmissionMetrics.FULL);
            LOG.warnf("refusing a %s call at its webhook: all %d lines are busy", transport, maxCalls);
            return Optional.empty();
        }
        String id = UUID.randomUUID().toString();
        held.put(id, -1L);
        long timer = vertx.setTimer(holdTimeoutMs, t -> {
            if (held.remove(id) != null) {
                used.decrementAndGet();
                metrics.holdExpired(transport);
                LOG.warnf("freed a %s call's slot: its media stream did not arrive within %d ms", transport,
                        holdTimeoutMs);
            }
        });
        held.replace(id, -1L, timer);
        return Optional.of(id);
    }

    /**
     * At a media stream's start: claims the slot its webhook held, or takes a free one. False means full: the
     * stream must be refused (1013, {@link #BUSY}); true means {@link #release} must follow when the stream closes.
     */
    public boolean admit(String connectionId, String transport, String slotId) {
        Long timer = slotId == null || slotId.isEmpty() ? null : held.remove(slotId);
        if (timer == null && draining) {
            metrics.refused(transport, AdmissionMetrics.DRAINING);
            return false;
        }
        if (timer == null && !tryTake()) {
            metrics.refused(transport, AdmissionMetrics.FULL);
            return false;
        }
        if (timer != null && timer >= 0) {
            vertx.cancelTimer(timer);
        }
        live.put(connectionId, transport);
        return true;
    }

    /** A media stream closed; {@code refusedByBackend} when its call ended because a backend was full at start. */
    public void release(String connectionId, boolean refusedByBackend) {
        String transport = live.remove(connectionId);
        if (transport != null) {
            used.decrementAndGet();
            if (refusedByBackend) {
                metrics.refused(transport, AdmissionMetrics.BACKEND_FULL);
            }
        }
    }

    /** True when a call arriving now would be admitted (a hint: nothing is held). */
    public boolean hasRoom() {
        return !draining && used.get() < maxCalls;
    }

    /** From now on every new call is refused; calls already held or live go on. */
    public void startDraining() {
        draining = true;
    }

    public boolean draining() {
        return draining;
    }

    /** Why a call is refused now: {@link #DRAINING} or {@link #BUSY}. */
    public String refusal() {
        return draining ? DRAINING : BUSY;
    }

    public int capacity() {
        return maxCalls;
    }

    /** Slots held or live. */
    public int used() {
        return used.get();
    }

    public int held() {
        return held.size();
    }

    private boolean tryTake() {
        while (true) {
            int now = used.get();
            if (now >= maxCalls) {
                return false;
            }
            if (used.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }
}
