package dev.parley.gateway.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** tenant.yaml's sip.transfer.warm: off unless enabled, a bounded answer timeout, a trunk to dial required. */
class WarmTransferTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String TRUNK = "  outbound:\n    trunk: \"sip:192.0.2.1\"\n    callerId: \"+15550100100\"\n";

    private static Optional<WarmTransfer> warm(String sipBlocks) throws Exception {
        JsonNode sip = YAML.readTree("sip:\n" + sipBlocks).path("sip");
        return WarmTransfer.parse(sip, SipOutbound.parse(sip, "t1", k -> null));
    }

    private static String refused(String sipBlocks) {
        return assertThrows(IllegalArgumentException.class, () -> warm(sipBlocks)).getMessage();
    }

    @Test
    void offUnlessEnabled() throws Exception {
        assertTrue(warm(TRUNK).isEmpty(), "no block: cold REFER as before");
        assertTrue(warm(TRUNK + "  transfer:\n    warm: {enabled: false}\n").isEmpty());
        assertTrue(warm("  transfer:\n    warm: {enabled: false}\n").isEmpty(), "off needs no trunk");
    }

    @Test
    void theAnswerTimeoutDefaultsTo20Seconds() throws Exception {
        assertEquals(Duration.ofSeconds(20), warm(TRUNK + "  transfer:\n    warm: {enabled: true}\n").orElseThrow()
                .answerTimeout());
        assertEquals(Duration.ofSeconds(45), warm(TRUNK + "  transfer:\n    warm: {enabled: true, "
                + "answerTimeoutSeconds: 45}\n").orElseThrow().answerTimeout());
    }

    @Test
    void mistakesAreNamed() {
        assertTrue(refused("  transfer:\n    warm: {enabled: true}\n").contains("needs sip.outbound"));
        assertTrue(refused(TRUNK + "  transfer:\n    warm: {enabled: yes please}\n").contains("enabled"));
        assertTrue(refused(TRUNK + "  transfer:\n    warm: {enabled: true, answerTimeoutSeconds: 2}\n")
                .contains("5 to 120"));
        assertTrue(refused(TRUNK + "  transfer:\n    warm: {enabled: true, answerTimeout: 30}\n")
                .contains("unknown key 'answerTimeout'"));
        assertTrue(refused(TRUNK + "  transfer:\n    warm: true\n").contains("mapping"));
    }
}
