package dev.parley.analytics.records;

import dev.parley.analytics.billing.CallBilling;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /tenants/{t}/calls/{id}}: the call's record with its billing. {@code billedSeconds} and
 * {@code billing} are null until the call ended and was billed; {@code durationMs} likewise until it ended.
 */
public record CallRecordView(String tenantId, String callId, String caller, String dialled, String transport,
                             Instant startedAt, boolean startKnown, Instant endedAt, Long durationMs,
                             String endReason, Long billedSeconds, CallBilling billing, boolean transferred,
                             CallRecord.Transfer transfer, int errors, String traceId, List<CallRecord.Turn> turns,
                             List<CallRecord.Tool> tools, List<CallRecord.Fallback> fallbacks,
                             List<CallRecord.Failover> failovers) {

    static CallRecordView of(CallRecord call, CallBilling billing) {
        return new CallRecordView(call.tenantId, call.callId, call.caller, call.dialled, call.transport,
                call.startedAt, call.startKnown, call.endedAt, call.durationMs, call.endReason,
                billing == null ? null : billing.billedSeconds(), billing, call.transferred(), call.transfer,
                call.errors(), call.traceId, List.copyOf(call.turns.values()), List.copyOf(call.tools.values()),
                List.copyOf(call.fallbacks.values()), List.copyOf(call.failovers.values()));
    }
}
