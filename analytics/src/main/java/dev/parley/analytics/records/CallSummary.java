package dev.parley.analytics.records;

import java.time.Instant;

/**
 * One call in the list: the index entry kept beside the record, so a page is read from the index alone.
 *
 * @param errors     engine fallbacks + backend failovers + 1 if the call ended in error
 * @param turns      turns with anything in them (the greeting is turn 0)
 * @param durationMs null until the call ended
 */
public record CallSummary(String tenantId, String callId, String caller, String dialled, String transport,
                          Instant startedAt, Instant endedAt, Long durationMs, String endReason,
                          boolean transferred, int errors, int turns, int interruptions) {
}
