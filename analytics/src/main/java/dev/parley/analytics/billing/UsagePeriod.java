package dev.parley.analytics.billing;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/** A calendar billing period in UTC, named the ISO way: {@code 2026-03-01} for a day, {@code 2026-03} for a month. */
public enum UsagePeriod {
    DAY,
    MONTH;

    public String of(Instant instant) {
        if (this == DAY) {
            return instant.atOffset(ZoneOffset.UTC).toLocalDate().toString();
        }
        return YearMonth.from(instant.atOffset(ZoneOffset.UTC)).toString();
    }
}
