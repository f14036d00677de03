package dev.parley.gateway.transport.sip;

import dev.parley.gateway.admission.FullBackends;
import dev.parley.gateway.outbound.RecordedEvents;
import dev.parley.gateway.tenant.TenantFiles;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One gateway for the trunk-security tests (one Quarkus start for all of them): "guarded" takes INVITEs only from a
 * documentation range, so loopback sipp must prove its digest identity; "dialer" dials a sipp callee that challenges;
 * registering tenants are written by the tests themselves. Passwords are configuration values, as the environment
 * variables tenant.yaml names would be in production.
 */
public class SipAuthProfile implements QuarkusTestProfile {
    static final String REALM = "parley.test";
    static final String CALLEE_PORT = Sipp.freeUdpPortNow();
    static final Path TENANTS = tenants();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(Map.entry("parley.sip.enabled", "true"), Map.entry("parley.sip.port", "0"),
                Map.entry("parley.sip.bind-address", "127.0.0.1"), Map.entry("parley.capacity.max-calls", "2"),
                Map.entry("parley.tenants.dir", TENANTS.toString()),
                Map.entry("parley.tenants.reload-interval", "0s"),
                Map.entry("parley.sip.rtp-port-min", "44000"), Map.entry("parley.sip.rtp-port-max", "44998"),
                Map.entry("parley.sip.auth.nonce-key", "test-nonce-key"),
                Map.entry("PARLEY_SIP_PASSWORD_GUARDED", "s3cret"),
                Map.entry("PARLEY_SIP_PASSWORD_DIALER", "dial-pw"),
                Map.entry("PARLEY_SIP_PASSWORD_REG", "reg-pw"),
                Map.entry("parley.gateway.api-keys.dialer", "dialer-key"));
    }

    /** Events kept in memory, so a test can read a call's (SipChallengedCallTest: call.ended once, and when). */
    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(RecordedEvents.class);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FullBackends.class));
    }


    private static Path tenants() {
        try {
            Path dir = Files.createTempDirectory("sip-auth-tenants");
            TenantFiles.write(dir, "guarded", "+15550100300", "sip:\n  allowedSources: [\"192.0.2.0/24\"]\n"
                    + "  digest: {realm: \"" + REALM + "\", username: \"trunk\", passwordEnv: PARLEY_SIP_PASSWORD_GUARDED}\n");
            TenantFiles.write(dir, "dialer", "+15550100400", "sip:\n  outbound:\n    trunk: \"sip:127.0.0.1:" + CALLEE_PORT
                    + "\"\n    callerId: \"+15550100400\"\n"
                    + "    auth: {username: \"gw\", passwordEnv: PARLEY_SIP_PASSWORD_DIALER}\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
