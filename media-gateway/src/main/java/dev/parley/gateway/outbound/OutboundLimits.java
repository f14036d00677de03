package dev.parley.gateway.outbound;

import dev.parley.gateway.tenant.CallingHours;
import dev.parley.gateway.tenant.DialLimits;
import dev.parley.gateway.tenant.OutboundRoute;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A tenant's outbound limits on this gateway, per route (its SIP trunk, its Twilio account: each has its own
 * capacity): its calling hours (in the callees' zone), its outbound calls up at once (from the dial to the hang-up)
 * and started in the last minute (a sliding window). Counted per gateway instance, not across a fleet. The clock is a
 * bean so tests can move it.
 */
@Singleton
public class OutboundLimits {
    static final Duration WINDOW = Duration.ofMinutes(1);

    public enum Kind { OUTSIDE_HOURS, CONCURRENT, PER_MINUTE }

    /** Why a dial is refused; {@code retryAfterSeconds} is when the per-minute window has room again. */
    public record Refusal(Kind kind, String message, long retryAfterSeconds) {
    }

    private static final class Usage {
        int live;
        final ArrayDeque<Instant> started = new ArrayDeque<>();
    }

    private final Clock clock;
    private final Map<String, Usage> byRoute = new HashMap<>();

    public OutboundLimits(Clock clock) {
        this.clock = clock;
    }

    /** Counts a new call of the tenant, or says why it may not start now (and counts nothing). */
    public synchronized Refusal take(String tenantId, OutboundRoute route) {
        DialLimits limits = route.limits();
        String block = route.via() + ".outbound";
        CallingHours hours = limits.callingHours();
        if (hours != null) {
            LocalTime there = LocalTime.now(clock.withZone(hours.zone()));
            if (!hours.allows(there)) {
                return new Refusal(Kind.OUTSIDE_HOURS, "outside calling hours " + hours.from() + "-" + hours.to()
                        + " " + hours.zone() + " (it is " + there.withNano(0) + " there)", 0);
            }
        }
        Usage usage = byRoute.computeIfAbsent(key(tenantId, route.via()), id -> new Usage());
        if (usage.live >= limits.maxConcurrent()) {
            return new Refusal(Kind.CONCURRENT, "tenant " + tenantId + " has " + usage.live
                    + " outbound calls up, its maximum (" + block + ".maxConcurrent)", 0);
        }
        Instant now = clock.instant();
        while (!usage.started.isEmpty() && !usage.started.peekFirst().isAfter(now.minus(WINDOW))) {
            usage.started.pollFirst();
        }
        if (usage.started.size() >= limits.callsPerMinute()) {
            long wait = Duration.between(now, usage.started.peekFirst().plus(WINDOW)).toMillis();
            return new Refusal(Kind.PER_MINUTE, "tenant " + tenantId + " started " + usage.started.size()
                    + " outbound calls in the last minute, its maximum (" + block + ".callsPerMinute)",
                    Math.max(1, (wait + 999) / 1000));
        }
        usage.live++;
        usage.started.addLast(now);
        return null;
    }

    /** A call counted by {@link #take} ended (or never started). */
    public synchronized void release(String tenantId, OutboundRoute route) {
        Usage usage = byRoute.get(key(tenantId, route.via()));
        if (usage != null && usage.live > 0) {
            usage.live--;
        }
    }

    /** A call counted by {@link #take} was refused by the gateway itself: it does not count toward the minute. */
    public synchronized void forget(String tenantId, OutboundRoute route) {
        Usage usage = byRoute.get(key(tenantId, route.via()));
        if (usage != null) {
            usage.started.pollLast();
        }
        release(tenantId, route);
    }

    /** The tenant's calls up through route {@code via} ({@link OutboundRoute#SIP}, {@link OutboundRoute#TWILIO}). */
    public synchronized int live(String tenantId, String via) {
        Usage usage = byRoute.get(key(tenantId, via));
        return usage == null ? 0 : usage.live;
    }

    private static String key(String tenantId, String via) {
        return tenantId + " via " + via;
    }
}
