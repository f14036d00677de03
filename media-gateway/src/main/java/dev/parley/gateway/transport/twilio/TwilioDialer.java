package dev.parley.gateway.transport.twilio;

import dev.parley.gateway.admission.CallAdmission;
import dev.parley.gateway.outbound.Dialer;
import dev.parley.gateway.outbound.OutboundEvents;
import dev.parley.gateway.outbound.OutboundLimits;
import dev.parley.gateway.tenant.OutboundRoute;
import dev.parley.gateway.tenant.Tenant;
import dev.parley.gateway.tenant.TwilioOutbound;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Dials out through a tenant's Twilio account: limits and a call slot first, then the call is created with Twilio's
 * REST API, its TwiML connecting the callee's audio back to our media stream. What becomes of the dial (Twilio's
 * answer, its status callbacks, the media stream) is {@link TwilioDials}'.
 */
@Singleton
public class TwilioDialer implements Dialer {
    private static final Logger LOG = Logger.getLogger(TwilioDialer.class);
    /** The custom stream parameter that names the outbound call a media stream belongs to. */
    static final String CALL_PARAMETER = "parley.call";

    private final TwilioConfig config;
    private final TwilioCallsApi api;
    private final TwilioHangUps hangUps;
    private final CallAdmission admission;
    private final OutboundLimits limits;
    private final OutboundEvents events;
    private final TwilioDials dials;

    TwilioDialer(TwilioConfig config, TwilioCallsApi api, TwilioHangUps hangUps, CallAdmission admission,
                 OutboundLimits limits, OutboundEvents events, TwilioDials dials) {
        this.config = config;
        this.api = api;
        this.hangUps = hangUps;
        this.admission = admission;
        this.limits = limits;
        this.events = events;
        this.dials = dials;
    }

    @Override
    public String via() {
        return OutboundRoute.TWILIO;
    }

    @Override
    public Placed dial(Tenant tenant, OutboundRoute route, String to, Map<String, String> parameters,
                       String openingLine) {
        TwilioOutbound account = (TwilioOutbound) route;
        Optional<String> token = TwilioConfig.tokenOf(account);
        if (config.apiBase().isEmpty() || config.publicUrl().isEmpty() || token.isEmpty()) {
            events.refused(via(), "twilio-off");
            return Placed.unavailable("Twilio dialling is not configured: parley.twilio.api-base, "
                    + "parley.twilio.public-url and " + account.authTokenEnv() + " must be set");
        }
        if (admission.draining()) {
            events.refused(via(), "draining");
            return Placed.unavailable(admission.refusal());
        }
        OutboundLimits.Refusal refusal = limits.take(tenant.id(), account);
        if (refusal != null) {
            events.refused(via(), refusal.kind().name().toLowerCase().replace('_', '-'));
            return Placed.refused(refusal);
        }
        String callId = "TW" + UUID.randomUUID().toString().replace("-", "");
        TwilioDial dial = new TwilioDial(tenant.id(), tenant.voice(), account, token.get(), to, parameters,
                openingLine, callId);
        if (!admission.admit(dial.slot(), via(), "")) {
            limits.forget(tenant.id(), account);
            events.refused(via(), admission.draining() ? "draining" : "busy");
            return Placed.unavailable(admission.refusal());
        }
        dials.add(dial);
        LOG.infof("%s: dialling %s through Twilio account %s", dial.logTag(), to, account.accountSid());
        hangUps.creating(api.create(config.apiBase().get(), dial, form(dial)).whenComplete((created, error) ->
                dials.created(dial, created, error)));
        return Placed.dialling(callId);
    }

    private Map<String, List<String>> form(TwilioDial dial) {
        String base = config.publicUrl().orElseThrow();
        Map<String, String> stream = new LinkedHashMap<>(dial.parameters());
        stream.put(CALL_PARAMETER, dial.callId());
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("To", List.of(dial.to()));
        form.put("From", List.of(dial.from()));
        form.put("Twiml", List.of(Twiml.connectStream(TwilioConfig.streamUrl(base), stream)));
        form.put("StatusCallback", List.of(base + "/twilio/status?tenant=" + encode(dial.tenantId()) + "&call="
                + encode(dial.callId())));
        form.put("StatusCallbackMethod", List.of("POST"));
        form.put("StatusCallbackEvent", List.of("initiated", "ringing", "answered", "completed"));
        form.put("Timeout", List.of(Long.toString(Math.max(5, Math.min(600, config.ringTimeout().toSeconds())))));
        return form;
    }

    /** The gateway stops, after its drain: no dial may outlive it at Twilio, ringing or answered. */
    void onStop(@Observes ShutdownEvent event) {
        stopping();
    }

    /** Gives every dial up, here and at Twilio, and waits for Twilio's answers (at most the API timeout). */
    void stopping() {
        dials.giveUpAll("the gateway is stopping");
        hangUps.await();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
