package dev.parley.gateway.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** tenant.yaml's SIP identities: the password comes from the variable the file names, never from the file. */
class SipCredentialsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final UnaryOperator<String> ENV = Map.of("PARLEY_SIP_PASSWORD_T1", "s3cret")::get;

    private static JsonNode sip(String yaml) throws Exception {
        return YAML.readTree(yaml).path("sip");
    }

    @Test
    void theDigestPasswordIsReadFromTheNamedVariable() throws Exception {
        SipCredentials digest = SipCredentials.parse(sip("sip:\n  digest: {realm: r, username: u, passwordEnv: "
                + "PARLEY_SIP_PASSWORD_T1}\n").path("digest"), "sip.digest", true, "t1", ENV).orElseThrow();
        assertEquals(new SipCredentials("u", "s3cret", "r"), digest);
        assertFalse(digest.toString().contains("s3cret"), digest.toString());
    }

    @Test
    void anUnsetVariableLeavesTheFeatureOutAndAPasswordInTheFileIsRefused() throws Exception {
        assertTrue(SipCredentials.parse(sip("sip:\n  digest: {realm: r, username: u, passwordEnv: UNSET}\n")
                .path("digest"), "sip.digest", true, "t1", ENV).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> SipCredentials.parse(sip("sip:\n  digest: {realm: r, "
                + "username: u, passwordEnv: PARLEY_SIP_PASSWORD_T1, password: oops}\n").path("digest"),
                "sip.digest", true, "t1", ENV));
        assertThrows(IllegalArgumentException.class, () -> SipCredentials.parse(sip("sip:\n  digest: {username: u, "
                + "passwordEnv: PARLEY_SIP_PASSWORD_T1}\n").path("digest"), "sip.digest", true, "t1", ENV));
    }

    @Test
    void aRegistrationNeedsASipUriAndAPositiveExpiry() throws Exception {
        SipRegistration register = SipRegistration.parse(sip("sip:\n  register: {registrar: \"sip:192.0.2.1:5060\", "
                + "username: u, passwordEnv: PARLEY_SIP_PASSWORD_T1}\n"), "t1", ENV).orElseThrow();
        assertEquals(3600, register.expires());
        assertEquals("s3cret", register.credentials().password());
        assertThrows(IllegalArgumentException.class, () -> SipRegistration.parse(sip("sip:\n  register: {registrar: "
                + "\"sip:u@192.0.2.1\", username: u, passwordEnv: PARLEY_SIP_PASSWORD_T1}\n"), "t1", ENV));
        assertThrows(IllegalArgumentException.class, () -> SipRegistration.parse(sip("sip:\n  register: {registrar: "
                + "\"sip:192.0.2.1\", username: u, passwordEnv: PARLEY_SIP_PASSWORD_T1, expires: 0}\n"), "t1", ENV));
    }

    @Test
    void outboundCredentialsAreOptional() throws Exception {
        String trunk = "sip:\n  outbound: {trunk: \"sip:192.0.2.1\", callerId: \"+15550100100\"";
        assertTrue(SipOutbound.parse(sip(trunk + "}\n"), "t1", ENV).orElseThrow().credentials().isEmpty());
        assertEquals("u", SipOutbound.parse(sip(trunk + ", auth: {username: u, passwordEnv: PARLEY_SIP_PASSWORD_T1}}\n"),
                "t1", ENV).orElseThrow().credentials().orElseThrow().username());
    }
}
