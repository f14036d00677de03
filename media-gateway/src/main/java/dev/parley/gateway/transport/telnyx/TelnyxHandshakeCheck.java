package dev.parley.gateway.transport.telnyx;

import dev.parley.gateway.transport.StreamTokens;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Optional;

/** A Telnyx media stream is admitted only with the short-lived token our TeXML answer put in its URL. */
@ApplicationScoped
public class TelnyxHandshakeCheck implements HttpUpgradeCheck {
    static final UserData.TypedKey<String> TENANT = UserData.TypedKey.forString("parley.tenant");
    private static final Logger LOG = Logger.getLogger(TelnyxHandshakeCheck.class);

    private final StreamTokens tokens;

    public TelnyxHandshakeCheck(StreamTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return TelnyxMediaSocket.class.getName().equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        Optional<String> tenant = tokens.verify(context.httpRequest().getParam("token"));
        if (tenant.isEmpty()) {
            LOG.warnf("refused Telnyx media stream from %s: missing, forged or expired token",
                    context.httpRequest().remoteAddress());
            return CheckResult.rejectUpgrade(403);
        }
        context.userData().put(TENANT, tenant.get());
        return CheckResult.permitUpgrade();
    }
}
