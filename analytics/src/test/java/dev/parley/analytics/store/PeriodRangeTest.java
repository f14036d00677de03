package dev.parley.analytics.store;

import jakarta.ws.rs.WebApplicationException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeriodRangeTest {

    @Test
    void boundsAreInclusiveAndOptional() {
        PeriodRange march = PeriodRange.parse("2026-03-01", "2026-03-31", false);
        assertTrue(march.contains("2026-03-01"));
        assertTrue(march.contains("2026-03-31"));
        assertFalse(march.contains("2026-02-28"));
        assertFalse(march.contains("2026-04-01"));
        assertTrue(PeriodRange.parse(null, "", false).contains("1999-01-01"));
        assertTrue(PeriodRange.parse("2026-01", null, true).contains("2026-12"));
        assertFalse(PeriodRange.parse("2026-01", null, true).contains("2025-12"));
    }

    @Test
    void malformedBoundsAreABadRequest() {
        assertEquals(400, assertThrows(WebApplicationException.class,
                () -> PeriodRange.parse("March", null, false)).getResponse().getStatus());
        assertEquals(400, assertThrows(WebApplicationException.class,
                () -> PeriodRange.parse(null, "2026-03-01", true)).getResponse().getStatus());
        assertEquals(400, assertThrows(WebApplicationException.class,
                () -> PeriodRange.parse("2026-03", null, false)).getResponse().getStatus());
    }
}
