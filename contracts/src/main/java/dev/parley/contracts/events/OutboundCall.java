package dev.parley.contracts.events;

import java.time.Instant;
import java.util.Map;

/**
 * An outbound call the gateway dials through a tenant's SIP trunk, at each step: {@code status} is "dialing" (our
 * INVITE is sent), "ringing" (the callee's side rings, once), then one outcome: "answered" (the call's session starts
 * and publishes call.started / call.ended as any call does), "busy", "no-answer" (the callee declined to pick up, or
 * our ring timeout cancelled it) or "failed" (refused by the trunk, unreachable, unusable SDP).
 *
 * @param to         the number dialled (E.164)
 * @param from       the caller id we dialled from
 * @param sipStatus  the SIP status of the answer that decided this step (Twilio dialling: its REST API's HTTP
 *                   status), 0 when there was none
 * @param reason     why, for busy/no-answer/failed; for an answered call screened for an answering machine,
 *                   {@code amd:<verdict>} then {@code amd:<what became of the voicemail>}; null otherwise
 * @param parameters what the tenant's request carried for this call, as given
 */
public record OutboundCall(String tenantId, String callId, Instant timestamp, String status, String to, String from,
                           int sipStatus, String reason, Map<String, String> parameters) implements CallEvent {
    public static final String TYPE = "call.outbound";
}
