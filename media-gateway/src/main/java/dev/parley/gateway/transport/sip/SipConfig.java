package dev.parley.gateway.transport.sip;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * The SIP trunk side of the gateway ({@code parley.sip.*}): where it listens, which RTP ports it uses, how long an
 * outbound call rings, how long a transfer may take.
 */
@ConfigMapping(prefix = "parley.sip")
public interface SipConfig {

    /** Off, the gateway opens no SIP port (Twilio, Telnyx and the browser still work). */
    @WithDefault("true")
    boolean enabled();

    /** Address the SIP and RTP sockets bind to. */
    @WithDefault("0.0.0.0")
    String bindAddress();

    /** SIP port, UDP and TCP. 0 picks a free one (tests). */
    @WithDefault("5060")
    int port();

    /**
     * Address put in Contact headers and SDP: what carriers reach us at (a public IP behind NAT, a node or load
     * balancer address on Kubernetes). Unset: the bind address, or this host's first address when binding to all.
     */
    Optional<String> advertisedAddress();

    /** First RTP port (even; RTCP would take the odd one above). */
    @WithDefault("20000")
    int rtpPortMin();

    /** Last RTP port. The range bounds how many SIP calls can be live at once: (max - min) / 2. */
    @WithDefault("20998")
    int rtpPortMax();

    /**
     * Symmetric RTP: send to where the caller's RTP comes from rather than to its SDP address, which is what reaches
     * a caller behind NAT. Off for trunks that send from one address and receive on another.
     */
    @WithDefault("true")
    boolean symmetricRtp();

    /** How long a call waits for the caller's first RTP before its media counts as dead and the call ends. */
    @WithDefault("30s")
    java.time.Duration mediaTimeout();

    /** How long an outbound call may ring: no final answer by then, it is cancelled and counts as no-answer. */
    @WithDefault("30s")
    java.time.Duration ringTimeout();

    /**
     * How long a transfer by REFER may take: the peer's 202 and then its NOTIFY saying whether the target answered.
     * Without both by then, the transfer counts as timed out and the call is hung up with BYE.
     */
    @WithDefault("30s")
    java.time.Duration transferTimeout();
}
