package dev.parley.gateway.transport.twilio;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/** Only Twilio, signing with our account's auth token, may open a media stream. */
@ApplicationScoped
public class TwilioHandshakeCheck implements HttpUpgradeCheck {
    private final TwilioConfig config;

    public TwilioHandshakeCheck(TwilioConfig config) {
        this.config = config;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return TwilioMediaSocket.class.getName().equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return config.verify(context.httpRequest(), true, Map.of())
                ? CheckResult.permitUpgrade()
                : CheckResult.rejectUpgrade(403);
    }
}
