package dev.parley.analytics.records;

import java.time.Instant;

/**
 * A request to erase one call's record, on {@value CallRecordsTopology#ERASURES_TOPIC} keyed by call id; kept in
 * {@code call-records-erased} afterwards (no personal data) so a late or redelivered event of the call does not
 * bring a record back, until the retention has passed.
 */
public record ErasureRequest(String tenantId, String callId, Instant requestedAt) {
}
