package dev.parley.gateway.transport;

import dev.parley.gateway.admission.CallAdmission;
import dev.parley.gateway.transport.browser.BrowserMediaSocket;
import dev.parley.gateway.transport.telnyx.TelnyxMediaSocket;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Media streams that cannot be signed by the caller's carrier (Telnyx, the browser) are admitted only with a
 * short-lived stream token in their URL; the tenant it names is handed to the endpoint.
 */
@ApplicationScoped
public class StreamTokenCheck implements HttpUpgradeCheck {
    public static final UserData.TypedKey<String> TENANT = UserData.TypedKey.forString("parley.tenant");
    /** The call slot a webhook held for this stream (empty when none): unsigned, but a random id nobody can guess. */
    public static final UserData.TypedKey<String> SLOT = UserData.TypedKey.forString("parley.slot");
    private static final Logger LOG = Logger.getLogger(StreamTokenCheck.class);

    private final StreamTokens tokens;

    public StreamTokenCheck(StreamTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return TelnyxMediaSocket.class.getName().equals(endpointId)
                || BrowserMediaSocket.class.getName().equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        Optional<String> tenant = tokens.verify(context.httpRequest().getParam("token"));
        if (tenant.isEmpty()) {
            LOG.warnf("refused media stream %s from %s: missing, forged or expired token",
                    context.httpRequest().path(), context.httpRequest().remoteAddress());
            return CheckResult.rejectUpgrade(403);
        }
        context.userData().put(TENANT, tenant.get());
        String slot = context.httpRequest().getParam(CallAdmission.SLOT);
        context.userData().put(SLOT, slot == null ? "" : slot);
        return CheckResult.permitUpgrade();
    }
}
