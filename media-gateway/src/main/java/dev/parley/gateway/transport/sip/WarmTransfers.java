package dev.parley.gateway.transport.sip;

import dev.parley.gateway.tenant.Tenant;
import dev.parley.gateway.tenant.TenantDirectory;
import dev.parley.gateway.transport.HandOver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.sip.ResponseEvent;
import javax.sip.SipProvider;
import javax.sip.header.CallIdHeader;

/**
 * Warm transfers of SIP calls, for tenants with {@code sip.transfer.warm}: each is a {@link WarmBridge} that dials
 * the person through the tenant's trunk. Routes the answers to their INVITEs by Call-ID (before
 * {@link OutboundDials}, whose dials they are not) and counts outcomes in
 * {@code parley_sip_transfers_total{mode="warm",outcome}}.
 */
@Singleton
class WarmTransfers {
    private final TenantDirectory tenants;
    private final SipConfig config;
    private final RtpPorts ports;
    private final Vertx vertx;
    private final MeterRegistry registry;
    /** Bridges by their person leg's Call-ID, from the INVITE until a while after (a 200 crossing our CANCEL). */
    private final Map<String, WarmBridge> dials = new ConcurrentHashMap<>();
    private volatile SipProvider provider;
    private volatile SipMessages messages;
    private volatile BiConsumer<String, SipCall> register;
    private volatile Consumer<String> unregister;

    WarmTransfers(TenantDirectory tenants, SipConfig config, RtpPorts ports, Vertx vertx, MeterRegistry registry) {
        this.tenants = tenants;
        this.config = config;
        this.ports = ports;
        this.vertx = vertx;
        this.registry = registry;
    }

    /** The SIP stack is up: a person's answered leg is registered with the dispatcher, which routes its BYE. */
    void attach(SipProvider provider, SipMessages messages, BiConsumer<String, SipCall> register,
                Consumer<String> unregister) {
        this.messages = messages;
        this.register = register;
        this.unregister = unregister;
        this.provider = provider;
    }

    /** Starts a warm transfer of {@code caller} if its tenant has them; false if not (a cold transfer follows). */
    boolean start(SipCall caller, String target, HandOver handOver) {
        Optional<Tenant> tenant = tenants.byId(caller.info().tenantId());
        SipProvider sip = provider;
        if (sip == null || tenant.isEmpty() || tenant.get().sipWarmTransfer().isEmpty()
                || tenant.get().sipOutbound().isEmpty()) {
            return false;
        }
        CallIdHeader callId = sip.getNewCallId();
        WarmBridge bridge = new WarmBridge(this, caller, target, handOver, tenant.get().sipWarmTransfer().get(),
                tenant.get().sipOutbound().get(), callId);
        dials.put(callId.getCallId(), bridge);
        bridge.dial();
        return true;
    }

    /** A response to an INVITE: true if it was a person's leg's (handled), false to let others have it. */
    boolean response(ResponseEvent event) {
        String callId = ((CallIdHeader) event.getResponse().getHeader(CallIdHeader.NAME)).getCallId();
        WarmBridge bridge = dials.get(callId);
        if (bridge == null) {
            return false;
        }
        bridge.context().runOnContext(v -> bridge.answered(event));
        return true;
    }

    /** An INVITE got no final answer at all: true if it was a person's leg's. */
    boolean timedOut(String callId) {
        WarmBridge bridge = dials.get(callId);
        if (bridge == null) {
            return false;
        }
        bridge.context().runOnContext(v -> bridge.noResponse());
        return true;
    }

    /** The dial of {@code callId} is decided; its late answers are still recognized for 64 * T1 (32 s). */
    void dialDone(String callId) {
        vertx.setTimer(64_000, t -> dials.remove(callId));
    }

    void counted(String outcome) {
        Counter.builder("parley.sip.transfers").description("SIP transfers, by mode and outcome")
                .tag("mode", "warm").tag("outcome", outcome).register(registry).increment();
    }

    SipConfig config() {
        return config;
    }

    RtpPorts ports() {
        return ports;
    }

    Vertx vertx() {
        return vertx;
    }

    SipProvider provider() {
        return provider;
    }

    SipMessages messages() {
        return messages;
    }

    void register(String callId, SipCall leg) {
        register.accept(callId, leg);
    }

    void unregister(String callId) {
        unregister.accept(callId);
    }
}
