package dev.parley.gateway.tenant;

import dev.parley.contracts.redaction.RedactionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TenantDirectoryTest {

    @TempDir
    Path root;

    void write(String id, String yaml) throws IOException {
        Files.createDirectories(root.resolve(id));
        Files.writeString(root.resolve(id).resolve("tenant.yaml"), yaml);
    }

    @Test
    void aChangedAddedOrRemovedTenantFileIsReadAgainWithoutARestart() throws IOException {
        write("acme", "id: acme\nphoneNumbers: [\"+15550100100\"]\n");
        TenantDirectory tenants = new TenantDirectory(root, Duration.ZERO);
        assertTrue(tenants.byPhoneNumber("+15550100101").isEmpty());

        write("acme", "id: acme\nphoneNumbers: [\"+15550100100\", \"+1 555 010 0101\"]\nturn:\n  endOfTurnMs: 900\n");
        write("globex", "id: globex\nphoneNumbers: [\"+15550100300\"]\n");
        tenants.reloadIfChanged();
        assertEquals("acme", tenants.byPhoneNumber("+15550100101").orElseThrow().id());
        assertEquals(Map.of("endOfTurnMs", 900.0), tenants.byId("acme").orElseThrow().turn());
        assertEquals("globex", tenants.byPhoneNumber("+15550100300").orElseThrow().id());

        Files.delete(root.resolve("globex/tenant.yaml"));
        write("acme", "id: acme\nphoneNumbers: [oops\n");
        tenants.reloadIfChanged();
        assertTrue(tenants.byId("globex").isEmpty(), "a removed tenant takes no more calls");
        assertEquals("acme", tenants.byPhoneNumber("+15550100101").orElseThrow().id(),
                "a file broken by an edit keeps the tenant's last good version");

        TenantDirectory restarted = new TenantDirectory(root, Duration.ZERO);
        assertTrue(restarted.byId("acme").isEmpty(), "at startup there is no good version to keep: skipped");
    }

    @Test
    void thePollerPicksUpAChangeByItself() throws Exception {
        write("acme", "id: acme\nphoneNumbers: [\"+15550100100\"]\n");
        TenantDirectory tenants = new TenantDirectory(root, Duration.ofMillis(50));
        try {
            write("acme", "id: acme\nphoneNumbers: [\"+15550100100\", \"+15550100199\"]\n");
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (tenants.byPhoneNumber("+15550100199").isEmpty()) {
                assertTrue(System.nanoTime() < until, "the new number was never picked up");
                Thread.sleep(20);
            }
        } finally {
            tenants.stop();
        }
    }

    @Test
    void theRedactionBlockBecomesTheTenantsPolicyAndABadOneFailsItsLoad() throws IOException {
        write("acme", "id: acme\nredaction:\n  digits: 6\n  emails: false\n  slots: [patientId]\n");
        write("globex", "id: globex\n");
        write("initech", "id: initech\nredaction:\n  digits: 1\n");
        write("umbrella", "id: umbrella\nredaction:\n  digts: 6\n");
        TenantDirectory tenants = new TenantDirectory(root, Duration.ZERO);
        assertEquals(new RedactionPolicy(true, 6, false, Set.of("patientId")),
                tenants.byId("acme").orElseThrow().redaction(), "enabled by the block's presence");
        assertEquals(RedactionPolicy.NONE, tenants.byId("globex").orElseThrow().redaction());
        assertTrue(tenants.byId("initech").isEmpty(), "a digit count that would mask every number word");
        assertTrue(tenants.byId("umbrella").isEmpty(), "a misspelt key would silently mask less");
    }

    @Test
    void aTwilioOutboundBlockNamesItsTokensVariableAndTheRouteIsPickedByVia() throws IOException {
        String sid = "AC0123456789abcdef0123456789abcdef";
        write("acme", "id: acme\ntwilio:\n  outbound:\n    accountSid: \"" + sid + "\"\n"
                + "    authTokenEnv: PARLEY_TWILIO_AUTH_TOKEN_ACME\n    callerId: \"+15550100100\"\n"
                + "    callsPerMinute: 3\n");
        write("globex", "id: globex\ntwilio:\n  outbound:\n    accountSid: \"" + sid + "\"\n"
                + "    authToken: \"the-token-itself\"\n    callerId: \"+15550100100\"\n");
        write("initech", "id: initech\ntwilio:\n  outbound:\n    accountSid: \"AC1\"\n"
                + "    authTokenEnv: TOKEN\n    callerId: \"+15550100100\"\n");
        TenantDirectory tenants = new TenantDirectory(root, Duration.ZERO);
        Tenant acme = tenants.byId("acme").orElseThrow();
        assertEquals(new TwilioOutbound(sid, "PARLEY_TWILIO_AUTH_TOKEN_ACME", "+15550100100",
                new DialLimits(1, 3, null)), acme.twilioOutbound().orElseThrow());
        assertEquals("twilio", acme.outbound(null).orElseThrow().via(), "its only route is the default");
        assertTrue(acme.outbound("sip").isEmpty());
        assertTrue(tenants.byId("globex").isEmpty(), "a token written into the file, not a variable's name");
        assertTrue(tenants.byId("initech").isEmpty(), "not an account SID");
    }
}
