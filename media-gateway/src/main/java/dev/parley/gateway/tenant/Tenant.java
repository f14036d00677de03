package dev.parley.gateway.tenant;

import dev.parley.contracts.redaction.RedactionPolicy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the gateway needs to know of a tenant: who it is, which numbers reach it, which voice speaks for it, its
 * turn-taking overrides (tenant.yaml {@code turn:}; names as in {@code TurnPolicy}) and the addresses its SIP trunk
 * may call from (tenant.yaml {@code sip.allowedSources}: IPv4/IPv6 addresses or CIDR blocks; none = no SIP calls),
 * the digest identity a SIP trunk outside those addresses must prove (tenant.yaml {@code sip.digest}; empty = none),
 * its registration with a carrier (tenant.yaml {@code sip.register}; empty = no REGISTER),
 * its outbound dialling through its trunk (tenant.yaml {@code sip.outbound}), its warm transfers through it
 * (tenant.yaml {@code sip.transfer.warm}; empty = cold REFER transfers) and its Twilio account
 * ({@code twilio.outbound}; both empty = it cannot dial out), its call recording
 * (tenant.yaml {@code recording}; empty = its calls are not recorded) and the PII masked in its events and logs and
 * bleeped in its recordings (tenant.yaml {@code redaction}; {@link RedactionPolicy#NONE} without the block).
 */
public record Tenant(String id, String displayName, List<String> phoneNumbers, String voice, Map<String, Double> turn,
                     List<String> sipSources, Optional<SipCredentials> sipDigest,
                     Optional<SipRegistration> sipRegister, Optional<SipOutbound> sipOutbound,
                     Optional<WarmTransfer> sipWarmTransfer,
                     Optional<TwilioOutbound> twilioOutbound,
                     Optional<TenantRecording> recording, RedactionPolicy redaction) {

    /**
     * The route a dial request takes: the one named by {@code via}, or without it the SIP trunk if the tenant has one
     * (so adding a Twilio account changes nothing for existing callers), else the Twilio account.
     */
    public Optional<OutboundRoute> outbound(String via) {
        if (via == null) {
            return sipOutbound.<OutboundRoute>map(r -> r).or(() -> twilioOutbound);
        }
        return switch (via) {
            case OutboundRoute.SIP -> sipOutbound.map(r -> r);
            case OutboundRoute.TWILIO -> twilioOutbound.map(r -> r);
            default -> Optional.empty();
        };
    }
}
