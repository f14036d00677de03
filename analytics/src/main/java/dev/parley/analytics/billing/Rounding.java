package dev.parley.analytics.billing;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;

/** How a call's duration becomes billed time: every started second, or every started minute. */
public enum Rounding {
    @JsonProperty("second")
    SECOND(1_000),
    @JsonProperty("minute")
    MINUTE(60_000);

    private final long unitMs;

    Rounding(long unitMs) {
        this.unitMs = unitMs;
    }

    /** Billed seconds for a call of {@code durationMs}: a started unit counts as a whole one. */
    public long billedSeconds(long durationMs) {
        if (durationMs <= 0) {
            return 0;
        }
        long units = (durationMs + unitMs - 1) / unitMs;
        return units * (unitMs / 1_000);
    }

    /** Accepts {@code second}/{@code per-second} and {@code minute}/{@code per-minute}, in any case. */
    public static Rounding parse(String text) {
        String name = text.trim().toLowerCase(Locale.ROOT);
        if (name.startsWith("per-")) {
            name = name.substring("per-".length());
        }
        switch (name) {
            case "second":
                return SECOND;
            case "minute":
                return MINUTE;
            default:
                throw new IllegalArgumentException("unknown billing rounding '" + text + "' (second or minute)");
        }
    }
}
