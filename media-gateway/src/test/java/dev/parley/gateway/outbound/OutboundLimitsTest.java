package dev.parley.gateway.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.parley.gateway.tenant.CallingHours;
import dev.parley.gateway.tenant.DialLimits;
import dev.parley.gateway.tenant.SipOutbound;
import dev.parley.gateway.tenant.TwilioOutbound;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** A tenant's outbound limits: calling hours in the callees' zone, calls up at once, calls started per minute. */
class OutboundLimitsTest {
    private final MovableClock clock = new MovableClock();
    private final OutboundLimits limits = new OutboundLimits(clock);

    private static SipOutbound trunk(int concurrent, int perMinute, CallingHours hours) {
        return new SipOutbound("sip:127.0.0.1:5060", "+15550100100", new DialLimits(concurrent, perMinute, hours));
    }

    @Test
    void theMinuteSlidesAndTellsWhenItHasRoom() {
        SipOutbound outbound = trunk(10, 2, null);
        clock.set(Instant.parse("2026-12-07T15:00:00Z"));
        assertNull(limits.take("acme", outbound));
        clock.advance(Duration.ofSeconds(20));
        assertNull(limits.take("acme", outbound));
        clock.advance(Duration.ofSeconds(10));
        OutboundLimits.Refusal third = limits.take("acme", outbound);
        assertEquals(OutboundLimits.Kind.PER_MINUTE, third.kind());
        assertEquals(30, third.retryAfterSeconds(), "the first call leaves the window 60 s after it started");
        assertNull(limits.take("other", outbound), "each tenant has its own window");
        clock.advance(Duration.ofSeconds(30));
        assertNull(limits.take("acme", outbound), "a minute after the first, there is room for one");
        assertEquals(OutboundLimits.Kind.PER_MINUTE, limits.take("acme", outbound).kind());
    }

    @Test
    void callsUpAtOnceAreCappedUntilOneEnds() {
        SipOutbound outbound = trunk(1, 10, null);
        assertNull(limits.take("acme", outbound));
        assertEquals(OutboundLimits.Kind.CONCURRENT, limits.take("acme", outbound).kind());
        limits.release("acme", outbound);
        assertNull(limits.take("acme", outbound));
        assertEquals(1, limits.live("acme", "sip"));
    }

    @Test
    void eachRouteOfATenantHasItsOwnCounts() {
        SipOutbound sip = trunk(1, 10, null);
        TwilioOutbound twilio = new TwilioOutbound("AC" + "0".repeat(32), "TOKEN", "+15550100100",
                new DialLimits(1, 10, null));
        assertNull(limits.take("acme", sip));
        assertNull(limits.take("acme", twilio), "the trunk's call does not fill the Twilio account");
        assertEquals(OutboundLimits.Kind.CONCURRENT, limits.take("acme", twilio).kind());
        limits.release("acme", twilio);
        assertEquals(1, limits.live("acme", "sip"));
        assertEquals(0, limits.live("acme", "twilio"));
    }

    @Test
    void aCallTheGatewayRefusedDoesNotCountTowardTheMinute() {
        SipOutbound outbound = trunk(5, 1, null);
        assertNull(limits.take("acme", outbound));
        limits.forget("acme", outbound);
        assertEquals(0, limits.live("acme", "sip"));
        assertNull(limits.take("acme", outbound), "the forgotten call left the window too");
    }

    @Test
    void callingHoursAreTheCalleesAndMayWrapPastMidnight() {
        ZoneId newYork = ZoneId.of("America/New_York");
        SipOutbound day = trunk(5, 100, new CallingHours(newYork, LocalTime.of(9, 0), LocalTime.of(20, 0)));
        clock.set(Instant.parse("2026-12-07T13:59:59Z")); // 08:59:59 in New York (EST)
        assertEquals(OutboundLimits.Kind.OUTSIDE_HOURS, limits.take("acme", day).kind());
        clock.set(Instant.parse("2026-12-07T14:00:00Z")); // 09:00
        assertNull(limits.take("acme", day));
        clock.set(Instant.parse("2026-12-08T01:00:00Z")); // 20:00, the end is exclusive
        assertEquals(OutboundLimits.Kind.OUTSIDE_HOURS, limits.take("acme", day).kind());
        assertEquals(1, limits.live("acme", "sip"), "refusals count nothing");

        SipOutbound night = trunk(5, 100, new CallingHours(newYork, LocalTime.of(22, 0),
                LocalTime.of(2, 0)));
        clock.set(Instant.parse("2026-12-08T04:30:00Z")); // 23:30
        assertNull(limits.take("night", night));
        clock.set(Instant.parse("2026-12-08T12:00:00Z")); // 07:00
        assertEquals(OutboundLimits.Kind.OUTSIDE_HOURS, limits.take("night", night).kind());
    }
}
