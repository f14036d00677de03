package dev.parley.analytics.billing;

import dev.parley.contracts.events.CallEnded;

import java.time.Instant;

/** What one ended call is billed: its duration rounded up with the tenant's rounding at the time it ended. */
public record CallBilling(String tenantId, String callId, long durationMs, long billedSeconds, Rounding rounding,
                          Instant endedAt) {

    static CallBilling of(CallEnded ended, Rounding rounding) {
        return new CallBilling(ended.tenantId(), ended.callId(), ended.durationMs(),
                rounding.billedSeconds(ended.durationMs()), rounding, ended.timestamp());
    }
}
