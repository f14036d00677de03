package dev.parley.gateway.tenant;

import java.util.Optional;

/**
 * A way a tenant dials out: its SIP trunk (tenant.yaml {@code sip.outbound}) or its Twilio account
 * ({@code twilio.outbound}). Both carry a caller id, their own limits, counted per route, and their own
 * answering-machine detection.
 */
public sealed interface OutboundRoute permits SipOutbound, TwilioOutbound {
    String SIP = "sip";
    String TWILIO = "twilio";

    /** {@link #SIP} or {@link #TWILIO}: the dial request's {@code via}, and the tenant.yaml block it comes from. */
    String via();

    /** The number the callee sees, E.164. */
    String callerId();

    DialLimits limits();

    /** Answering-machine detection on the route's answered calls ({@code <via>.outbound.amd}); empty: off. */
    Optional<OutboundAmd> amd();
}
