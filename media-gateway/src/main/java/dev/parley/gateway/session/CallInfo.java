package dev.parley.gateway.session;

/** Who and what a call is about, fixed when it starts. */
public record CallInfo(String tenantId, String callId, String from, String to, String voice) {

    /** How every log line about the call names it, so one tenant's or one call's lines can be picked out. */
    public String logTag() {
        return "tenant=" + tenantId + " call=" + callId;
    }
}
