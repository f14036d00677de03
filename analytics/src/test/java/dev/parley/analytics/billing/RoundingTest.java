package dev.parley.analytics.billing;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RoundingTest {

    @Test
    void parsesTheConfiguredNames() {
        assertEquals(Rounding.SECOND, Rounding.parse("second"));
        assertEquals(Rounding.SECOND, Rounding.parse("per-second"));
        assertEquals(Rounding.MINUTE, Rounding.parse(" Minute "));
        assertEquals(Rounding.MINUTE, Rounding.parse("PER-MINUTE"));
        assertThrows(IllegalArgumentException.class, () -> Rounding.parse("hour"));
    }

    @Test
    void tenantsWithoutTheirOwnRoundingGetTheDefault() {
        BillingPolicy policy = BillingPolicy.fromConfig("second", Map.of("globex", "minute"));

        assertEquals(Rounding.MINUTE, policy.roundingFor("globex"));
        assertEquals(Rounding.SECOND, policy.roundingFor("acme"));
    }

    @Test
    void negativeDurationsBillNothing() {
        assertEquals(0, Rounding.SECOND.billedSeconds(-5));
        assertEquals(0, Rounding.MINUTE.billedSeconds(-5));
    }
}
