package dev.parley.gateway.transport.sip.register;

import dev.parley.gateway.tenant.SipRegistration;
import dev.parley.gateway.tenant.Tenant;
import dev.parley.gateway.tenant.TenantDirectory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sip.ClientTransaction;
import javax.sip.ResponseEvent;
import javax.sip.header.CallIdHeader;

/**
 * The gateway's registrations with carriers, one per tenant with {@code sip.register}: made when the SIP stack
 * starts, followed as tenants are reloaded (a new block registers, a removed or changed one un-registers first), and
 * removed when the gateway stops. Every registration lives on one thread here, so a SIP response, a refresh timer
 * and a tenant reload never race. {@code parley_sip_registered{tenant}} is 1 while the carrier holds our binding.
 */
@Singleton
public class SipRegistrations {
    private static final Logger LOG = Logger.getLogger(SipRegistrations.class);

    private final TenantDirectory tenants;
    private final MeterRegistry registry;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-sip-register");
        t.setDaemon(true);
        return t;
    });
    /** By tenant id: the registrations wanted now. */
    private final Map<String, Registration> byTenant = new ConcurrentHashMap<>();
    /** By Call-ID: every registration that may still get a response (leaving ones included). */
    private final Map<String, Registration> byCallId = new ConcurrentHashMap<>();
    private final Map<String, Gauge> gauges = new HashMap<>();
    private volatile SipEndpoint sip;

    SipRegistrations(TenantDirectory tenants, MeterRegistry registry) {
        this.tenants = tenants;
        this.registry = registry;
    }

    /** The SIP stack is up: register every tenant that asks for it, and follow tenant reloads from now on. */
    public void attach(SipEndpoint endpoint) {
        this.sip = endpoint;
        tenants.onReload(this::resync);
        thread.execute(this::sync);
    }

    private void resync() {
        // A reload while the gateway stops finds the thread gone: nothing is registered any more anyway.
        if (!thread.isShutdown()) {
            try {
                thread.execute(this::sync);
            } catch (RejectedExecutionException e) {
                LOG.debug("tenants reloaded after the SIP registrations stopped");
            }
        }
    }

    /** A response to one of our REGISTERs (from the dispatcher). */
    public void response(ResponseEvent event) {
        Registration registration = byCallId.get(callId(event));
        ClientTransaction transaction = event.getClientTransaction();
        if (registration != null && transaction != null) {
            thread.execute(() -> registration.response(transaction, event.getResponse()));
        }
    }

    /** One of our REGISTERs got no final answer. */
    public void timedOut(ClientTransaction transaction) {
        Registration registration = byCallId.get(
                ((CallIdHeader) transaction.getRequest().getHeader(CallIdHeader.NAME)).getCallId());
        if (registration != null) {
            thread.execute(() -> registration.timedOut(transaction));
        }
    }

    /** Each registering tenant's state (UNREGISTERED, REGISTERING, REGISTERED, FAILED), for readiness. */
    public Map<String, String> states() {
        Map<String, String> states = new TreeMap<>();
        byTenant.forEach((tenant, registration) -> states.put(tenant, registration.state().name()));
        return states;
    }

    /** The gateway stops: every binding is removed, waiting at most {@code millis} for the registrars' answers. */
    public void leaveAll(long millis) {
        if (sip == null) {
            return;
        }
        CompletableFuture<CompletableFuture<Void>> leaving = CompletableFuture.supplyAsync(() -> CompletableFuture.allOf(
                List.copyOf(byTenant.keySet()).stream().map(this::leave).toArray(CompletableFuture[]::new)), thread);
        try {
            leaving.thenCompose(f -> f).get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("SIP registrations not all removed within %d ms: %s", millis, states());
        } catch (Exception e) {
            LOG.warnf("SIP registrations not removed: %s", e.getMessage());
        }
        thread.shutdownNow();
    }

    /** Makes the registrations match the tenants' {@code sip.register} blocks. */
    private void sync() {
        Map<String, SipRegistration> wanted = new HashMap<>();
        for (Tenant tenant : tenants.all()) {
            tenant.sipRegister().ifPresent(r -> wanted.put(tenant.id(), r));
        }
        for (String tenant : List.copyOf(byTenant.keySet())) {
            if (!byTenant.get(tenant).config().equals(wanted.get(tenant))) {
                leave(tenant);
            }
        }
        wanted.forEach((tenant, config) -> {
            if (!byTenant.containsKey(tenant)) {
                Registration registration = new Registration(tenant, config, sip, thread);
                byTenant.put(tenant, registration);
                byCallId.put(registration.callId(), registration);
                gauges.put(tenant, Gauge.builder("parley.sip.registered", registration,
                                r -> r.state() == Registration.State.REGISTERED ? 1 : 0)
                        .description("1 while the tenant's carrier holds our SIP registration").tag("tenant", tenant)
                        .strongReference(true).register(registry));
                registration.start();
            }
        });
    }

    private CompletableFuture<Void> leave(String tenant) {
        Registration registration = byTenant.remove(tenant);
        Gauge gauge = gauges.remove(tenant);
        if (gauge != null) {
            registry.remove(gauge);
        }
        return registration.leave().whenComplete((v, e) -> byCallId.remove(registration.callId()));
    }

    private static String callId(ResponseEvent event) {
        return ((CallIdHeader) event.getResponse().getHeader(CallIdHeader.NAME)).getCallId();
    }
}
