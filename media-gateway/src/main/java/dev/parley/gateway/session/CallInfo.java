package dev.parley.gateway.session;

/** Who and what a call is about, fixed when it starts. */
public record CallInfo(String tenantId, String callId, String from, String to, String voice) {
}
