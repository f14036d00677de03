package dev.parley.analytics.store;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * An inclusive range of ISO period names from query parameters ({@code 2026-03-01}, or {@code 2026-03} for months);
 * ISO names sort like the periods they name, so the range is a string comparison. A missing bound is open.
 */
public final class PeriodRange {
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");

    private final String from;
    private final String to;

    private PeriodRange(String from, String to) {
        this.from = from;
        this.to = to;
    }

    /** @throws WebApplicationException 400 when a bound is not a day (or a month, when {@code months}) */
    public static PeriodRange parse(String from, String to, boolean months) {
        return new PeriodRange(check(from, months), check(to, months));
    }

    public boolean contains(String period) {
        return (from == null || period.compareTo(from) >= 0) && (to == null || period.compareTo(to) <= 0);
    }

    private static String check(String bound, boolean months) {
        if (bound == null || bound.isBlank()) {
            return null;
        }
        Pattern format = months ? MONTH : DAY;
        if (!format.matcher(bound).matches()) {
            throw new WebApplicationException(Response.status(Response.Status.BAD_REQUEST)
                    .type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "'" + bound + "' is not a " + (months ? "month (yyyy-MM)" : "day (yyyy-MM-dd)")))
                    .build());
        }
        return bound;
    }
}
