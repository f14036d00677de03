package dev.parley.gateway.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** tenant.yaml's sip.outbound.amd and twilio.outbound.amd: off unless enabled, a voicemail message or none, mistakes named. */
class OutboundAmdTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static Optional<OutboundAmd> amd(String block) throws Exception {
        return SipOutbound.parse(YAML.readTree("sip:\n  outbound:\n    trunk: \"sip:192.0.2.1\"\n"
                + "    callerId: \"+15550100100\"\n" + block).path("sip"), "t1", k -> null).orElseThrow().amd();
    }

    private static String refused(String block) {
        return assertThrows(IllegalArgumentException.class, () -> amd(block)).getMessage();
    }

    @Test
    void offUnlessEnabled() throws Exception {
        assertTrue(amd("").isEmpty());
        assertTrue(amd("    amd: {enabled: false, voicemail: \"Call us back.\"}\n").isEmpty());
    }

    @Test
    void aMessageSpreadOverLinesIsOneParagraph() throws Exception {
        OutboundAmd amd = amd("    amd:\n      enabled: true\n      voicemail: >\n        Hi, this is Acme.\n"
                + "        Please call us back.\n").orElseThrow();
        assertEquals(Optional.of("Hi, this is Acme. Please call us back."), amd.voicemail());
    }

    @Test
    void withoutAMessageMachinesAreHungUpOn() throws Exception {
        assertEquals(new OutboundAmd(Optional.empty()), amd("    amd: {enabled: true}\n").orElseThrow());
    }

    @Test
    void acmesCommentedExampleParses() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("..", "tenants", "acme", "tenant.yaml"));
        int at = lines.indexOf("  #   amd:");
        assertTrue(at > 0, "the example is in tenants/acme/tenant.yaml");
        String block = lines.subList(at, at + 3).stream().map(l -> "    " + l.substring("  #   ".length()) + "\n")
                .collect(Collectors.joining());
        assertTrue(amd(block).orElseThrow().voicemail().orElseThrow().startsWith("Hi, this is Acme"));
    }

    @Test
    void mistakesAreNamed() {
        assertTrue(refused("    amd: {enabled: true, voiceMail: \"Hi\"}\n").contains("unknown key 'voiceMail'"));
        assertTrue(refused("    amd: {enabled: yes please}\n").contains("amd.enabled"));
        assertTrue(refused("    amd: {voicemail: \"Hi\"}\n").contains("amd.enabled"));
        assertTrue(refused("    amd: {enabled: true, voicemail: \"  \"}\n").contains("amd.voicemail"));
        assertTrue(refused("    amd: {enabled: true, voicemail: \"" + "a".repeat(1001) + "\"}\n")
                .contains("1000"));
        assertTrue(refused("    amd: {enabled: true, voicemail: [a, b]}\n").contains("amd.voicemail"));
        assertTrue(refused("    amd: true\n").contains("mapping"));
    }

    @Test
    void aTwilioAccountTakesTheSameBlockAndMistakesNameIt() throws Exception {
        String account = "twilio:\n  outbound:\n    accountSid: \"AC" + "0".repeat(32) + "\"\n"
                + "    authTokenEnv: TOKEN\n    callerId: \"+15550100100\"\n";
        assertTrue(twilio(account).amd().isEmpty(), "off without the block");
        assertEquals(Optional.of(new OutboundAmd(Optional.of("Call us back."))),
                twilio(account + "    amd: {enabled: true, voicemail: \"Call us back.\"}\n").amd());
        String error = assertThrows(IllegalArgumentException.class,
                () -> twilio(account + "    amd: {enabled: true, voiceMail: \"Hi\"}\n")).getMessage();
        assertTrue(error.startsWith("twilio.outbound.amd has an unknown key 'voiceMail'"), error);
    }

    private static TwilioOutbound twilio(String yaml) throws Exception {
        return TwilioOutbound.parse(YAML.readTree(yaml).path("twilio")).orElseThrow();
    }
}
