package dev.parley.gateway.tenant;

/**
 * A way a tenant dials out: its SIP trunk (tenant.yaml {@code sip.outbound}) or its Twilio account
 * ({@code twilio.outbound}). Both carry a caller id and their own limits, counted per route.
 */
public sealed interface OutboundRoute permits SipOutbound, TwilioOutbound {
    String SIP = "sip";
    String TWILIO = "twilio";

    /** {@link #SIP} or {@link #TWILIO}: the dial request's {@code via}, and the tenant.yaml block it comes from. */
    String via();

    /** The number the callee sees, E.164. */
    String callerId();

    DialLimits limits();
}
