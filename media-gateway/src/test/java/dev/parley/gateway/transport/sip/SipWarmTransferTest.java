package dev.parley.gateway.transport.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.contracts.dialogue.v1.TransferFailed;
import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.TransferNotReached;
import dev.parley.contracts.events.TransferRequested;
import dev.parley.gateway.admission.CallAdmission;
import dev.parley.gateway.outbound.RecordedEvents;
import dev.parley.gateway.session.CallSessions;
import dev.parley.gateway.tenant.TenantFiles;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Warm transfer against two sipp peers: the caller calls in, the brain transfers at once (see
 * {@link ScriptedBackends}), and the gateway dials the person (a sipp callee on the tenant's trunk) while the caller
 * waits. Each side's RTP is a {@link RtpPeer} with a tone of its own; the synthesizer stand-in "speaks" a 400 Hz tone.
 */
@QuarkusTest
@TestProfile(SipWarmTransferTest.Warm.class)
class SipWarmTransferTest {
    private static final double BRIEF_HZ = 400;
    private static final double CALLER_HZ = 1000;
    private static final double PERSON_HZ = 300;
    private static final String ANSWERED = "  <recv response=\"100\" optional=\"true\"/>\n"
            + "  <recv response=\"180\" optional=\"true\"/>\n  <recv response=\"200\" rrs=\"true\"/>\n";

    public static class Warm implements QuarkusTestProfile {
        static final String PERSON_PORT = Sipp.freeUdpPortNow();
        static final Path TENANTS = tenants();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.sip.enabled", "true", "parley.sip.port", "0", "parley.sip.bind-address",
                    "127.0.0.1", "parley.tenants.dir", TENANTS.toString(), "parley.sip.rtp-port-min", "45000",
                    "parley.sip.rtp-port-max", "45998");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(RecordedEvents.class);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ScriptedBackends.class));
        }

        /** Tenants with warm transfers through sipp on PERSON_PORT; their brains transfer every call. */
        private static Path tenants() {
            try {
                Path dir = Files.createTempDirectory("warm-tenants");
                for (String[] t : new String[][]{{"warm", "+15550100700"}, {"warm-busy", "+15550100710"},
                        {"warm-late", "+15550100720"}, {"warm-hangup", "+15550100730"},
                        {"warm-gone", "+15550100740"}, {"warm-bad", "+15550100750"}}) {
                    TenantFiles.write(dir, t[0], t[1], "sip:\n  allowedSources: [\"127.0.0.0/8\"]\n"
                            + "  outbound:\n    trunk: \"sip:127.0.0.1:" + PERSON_PORT + "\"\n"
                            + "    callerId: \"" + t[1] + "\"\n"
                            + "  transfer:\n    warm: {enabled: true, answerTimeoutSeconds: 5}\n");
                }
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Inject
    SipServer server;
    @Inject
    CallSessions sessions;
    @Inject
    CallAdmission admission;
    @Inject
    MeterRegistry registry;
    @Inject
    RecordedEvents events;

    private static String answerSdp(int port) {
        return "v=0\no=person 1 1 IN IP4 127.0.0.1\ns=-\nc=IN IP4 127.0.0.1\nt=0 0\n"
                + "m=audio " + port + " RTP/AVP 8\na=rtpmap:8 PCMA/8000\n";
    }

    private double warm(String outcome) {
        var counter = registry.find("parley.sip.transfers").tag("mode", "warm").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private Sipp.Run call(String number, int rtpPort, int talkMs) throws Exception {
        return Sipp.run(server.port(), number, Sipp.scenario(Sipp.invite("m=audio " + rtpPort + " RTP/AVP 0 101",
                        "      a=rtpmap:0 PCMU/8000\n      a=rtpmap:101 telephone-event/8000\n"), ANSWERED,
                Sipp.request("ACK", 1), "  <pause milliseconds=\"" + talkMs + "\"/>\n", Sipp.request("BYE", 2),
                "  <recv response=\"200\"/>\n"), Path.of("target", "sipp"));
    }

    private Sipp.Callee person(String... parts) throws IOException {
        return Sipp.answer(Integer.parseInt(Warm.PERSON_PORT), Sipp.scenario(parts), Path.of("target", "sipp"));
    }

    @Test
    void thePersonIsBriefedThenBridgedAndTheCallersByeEndsBothLegs() throws Exception {
        double before = warm("transferred");
        try (RtpPeer caller = new RtpPeer(0, CALLER_HZ); RtpPeer human = new RtpPeer(8, PERSON_HZ)) {
            Sipp.Callee person = person("  <recv request=\"INVITE\"/>\n", Sipp.respond("180 Ringing", null),
                    Sipp.respond("200 OK", answerSdp(human.port())), "  <recv request=\"ACK\"/>\n",
                    "  <recv request=\"BYE\" timeout=\"15000\"/>\n", Sipp.respond("200 OK", null));
            // Once put through, the caller keys a 5 (say, an extension the person's phone menu asks for).
            caller.pressOnceHearing(PERSON_HZ, 5);
            long start = System.currentTimeMillis();
            Sipp.Run run = call("+15550100700", caller.port(), 7000);
            assertEquals(0, run.exitCode(), run.output());
            Sipp.Run personRun = person.await();
            assertEquals(0, personRun.exitCode(), "the caller's BYE ended the person's leg\n" + personRun.output());
            long brief = human.framesWith(BRIEF_HZ);
            assertTrue(brief >= 30, "the person heard the brief (about 50 frames of speech): " + brief);
            assertTrue(human.framesWith(CALLER_HZ) >= 50, "the caller's audio reached the person: "
                    + human.framesWith(CALLER_HZ));
            assertTrue(caller.framesWith(PERSON_HZ) >= 50, "the person's audio (PCMA) reached the caller (PCMU): "
                    + caller.framesWith(PERSON_HZ));
            assertEquals(0, caller.framesWith(BRIEF_HZ), "the brief is for the person only");
            assertTrue(human.framesWithBoth(770, 1336) >= 3, "the caller's 5 reached the person as its tones "
                    + "(their phone took no telephone-events): " + human.framesWithBoth(770, 1336) + " frames");
            CallEnded ended = ended("tel:+15550199990");
            assertEquals("transferred", ended.reason());
            assertTrue(ended.durationMs() >= 5000 && ended.durationMs() <= System.currentTimeMillis() - start,
                    "the bridged time is billed on the call: " + ended.durationMs());
            assertEquals(before + 1, warm("transferred"));
            awaitTrue(() -> sessions.live().isEmpty() && admission.used() == 0, "the line is free");
        }
    }

    @Test
    void thePersonsByeEndsTheCallersLegToo() throws Exception {
        try (RtpPeer caller = new RtpPeer(0, CALLER_HZ); RtpPeer human = new RtpPeer(0, PERSON_HZ)) {
            Sipp.Callee person = person("  <recv request=\"INVITE\">\n    <action>\n"
                            + "      <ereg regexp=\"sip:[^>;]*\" search_in=\"hdr\" header=\"Contact:\" assign_to=\"us\"/>\n"
                            + "      <ereg regexp=\".*\" search_in=\"hdr\" header=\"From:\" assign_to=\"caller\"/>\n"
                            + "    </action>\n  </recv>\n",
                    Sipp.respond("200 OK", answerSdp(human.port()).replace("RTP/AVP 8\na=rtpmap:8 PCMA/8000",
                            "RTP/AVP 0 101\na=rtpmap:0 PCMU/8000\na=rtpmap:101 telephone-event/8000")),
                    "  <recv request=\"ACK\"/>\n",
                    "  <pause milliseconds=\"4000\"/>\n",
                    "  <send retrans=\"500\">\n    <![CDATA[\n      BYE [$us] SIP/2.0\n"
                            + "      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\n"
                            + "      From: <sip:+15550199993@[local_ip]:[local_port]>;tag=[pid]callee\n"
                            + "      To:[$caller]\n      Call-ID: [call_id]\n      CSeq: 2 BYE\n"
                            + "      Max-Forwards: 70\n      Content-Length: 0\n    ]]>\n  </send>\n",
                    "  <recv response=\"200\"/>\n");
            // Both phones take telephone-events: the person's key press reaches the caller as one.
            human.pressOnceHearing(CALLER_HZ, 7);
            Sipp.Run run = Sipp.run(server.port(), "+15550100730", Sipp.scenario(Sipp.invite("m=audio "
                            + caller.port() + " RTP/AVP 0 101", "      a=rtpmap:0 PCMU/8000\n"
                            + "      a=rtpmap:101 telephone-event/8000\n"), ANSWERED,
                    Sipp.request("ACK", 1), "  <recv request=\"BYE\" timeout=\"15000\"/>\n", SipReferTest.answer(
                            "200 OK")), Path.of("target", "sipp"));
            assertEquals(0, run.exitCode(), "the person's BYE reached the caller\n" + run.output());
            assertEquals(0, person.await().exitCode());
            assertTrue(caller.framesWith(PERSON_HZ) >= 50, "bridged: " + caller.framesWith(PERSON_HZ));
            assertEquals(List.of("7"), caller.keysHeard(), "the person's 7, passed on as a telephone-event");
            assertEquals(0, caller.framesWithBoth(852, 1209), "and not as tones too");
            assertEquals("transferred", ended("tel:+15550199993").reason());
            awaitTrue(() -> sessions.live().isEmpty() && admission.used() == 0, "the line is free");
        }
    }

    @Test
    void aBusyPersonHandsTheCallerBackToTheAgent() throws Exception {
        double before = warm("busy");
        try (RtpPeer caller = new RtpPeer(0, CALLER_HZ)) {
            Sipp.Callee person = person("  <recv request=\"INVITE\"/>\n", Sipp.respond("486 Busy Here", null),
                    "  <recv request=\"ACK\"/>\n");
            Sipp.Run run = call("+15550100710", caller.port(), 4000);
            assertEquals(0, run.exitCode(), run.output());
            assertEquals(0, person.await().exitCode());
            assertEquals(before + 1, warm("busy"));
            assertTrue(caller.framesWith(BRIEF_HZ) >= 30, "the agent told the caller (its apology): "
                    + caller.framesWith(BRIEF_HZ));
            assertEquals("caller-hangup", ended("tel:+15550199991").reason(),
                    "the call went on with the agent until the caller hung up");
            TransferFailed told = ScriptedBackends.TRANSFERS_FAILED.stream()
                    .filter(f -> f.getTarget().equals("tel:+15550199991")).findFirst().orElseThrow(
                            () -> new AssertionError("the brain was not told: " + ScriptedBackends.TRANSFERS_FAILED));
            assertEquals(0, told.getTurnId(), "the greeting's turn asked for the transfer");
            assertEquals("busy", told.getOutcome());
            assertTrue(told.getToldCaller().contains("couldn't reach anyone"), told.getToldCaller());
            assertEquals("busy", notReached("tel:+15550199991").outcome(), "on Kafka too");
            awaitTrue(() -> sessions.live().isEmpty() && admission.used() == 0, "the line is free");
        }
    }

    @Test
    void aPersonWhoDoesNotAnswerIsCancelledAndTheCallerStaysWithTheAgent() throws Exception {
        double before = warm("no-answer");
        try (RtpPeer caller = new RtpPeer(0, CALLER_HZ)) {
            Sipp.Callee person = person("  <recv request=\"INVITE\"/>\n", Sipp.respond("180 Ringing", null),
                    "  <recv request=\"CANCEL\" timeout=\"10000\"/>\n", Sipp.respond("200 OK", null),
                    Sipp.respond("487 Request Terminated", null).replace("[last_CSeq:]", "CSeq: 1 INVITE"),
                    "  <recv request=\"ACK\"/>\n");
            Sipp.Run run = call("+15550100720", caller.port(), 8000);
            assertEquals(0, run.exitCode(), run.output());
            Sipp.Run personRun = person.await();
            assertEquals(0, personRun.exitCode(), "the ring timeout cancelled the person's leg\n"
                    + personRun.output());
            assertEquals(before + 1, warm("no-answer"));
            assertTrue(caller.framesWith(BRIEF_HZ) >= 30, "the agent told the caller: " + caller.framesWith(BRIEF_HZ));
            assertEquals("caller-hangup", ended("tel:+15550199992").reason());
            awaitTrue(() -> sessions.live().isEmpty() && admission.used() == 0, "the line is free");
        }
    }

    @Test
    void aCallerWhoHangsUpWhileThePersonRingsCancelsTheirLeg() throws Exception {
        double before = warm("caller-hangup");
        try (RtpPeer caller = new RtpPeer(0, CALLER_HZ)) {
            Sipp.Callee person = person("  <recv request=\"INVITE\"/>\n", Sipp.respond("180 Ringing", null),
                    "  <recv request=\"CANCEL\" timeout=\"10000\"/>\n", Sipp.respond("200 OK", null),
                    Sipp.respond("487 Request Terminated", null).replace("[last_CSeq:]", "CSeq: 1 INVITE"),
                    "  <recv request=\"ACK\"/>\n");
            Sipp.Run run = call("+15550100740", caller.port(), 2000);
            assertEquals(0, run.exitCode(), run.output());
            Sipp.Run personRun = person.await();
            assertEquals(0, personRun.exitCode(), "the caller's BYE cancelled the person's leg\n"
                    + personRun.output());
            assertEquals("transfer-failed", ended("tel:+15550199994").reason());
            assertEquals(before + 1, warm("caller-hangup"));
            assertEquals("caller-hangup", notReached("tel:+15550199994").outcome());
            awaitTrue(() -> sessions.live().isEmpty() && admission.used() == 0, "the line is free");
        }
    }

    @Test
    void aTargetThatIsNoNumberNorUriDialsNobodyAndTheAgentApologizes() throws Exception {
        double before = warm("invalid-target");
        try (RtpPeer caller = new RtpPeer(0, CALLER_HZ)) {
            Sipp.Run run = call("+15550100750", caller.port(), 3000);
            assertEquals(0, run.exitCode(), run.output());
            assertEquals(before + 1, warm("invalid-target"));
            assertTrue(caller.framesWith(BRIEF_HZ) >= 30, "the agent told the caller: " + caller.framesWith(BRIEF_HZ));
            assertEquals("caller-hangup", ended("the support desk").reason());
            assertEquals("invalid-target", notReached("the support desk").outcome());
            awaitTrue(() -> sessions.live().isEmpty() && admission.used() == 0, "the line is free");
        }
    }

    /** The call.transfer-failed of the transfer to {@code target}. */
    private TransferNotReached notReached(String target) throws InterruptedException {
        awaitTrue(() -> notReachedOf(target).isPresent(), "call.transfer-failed of the transfer to " + target);
        return notReachedOf(target).orElseThrow();
    }

    private Optional<TransferNotReached> notReachedOf(String target) {
        return events.all().stream().filter(e -> e instanceof TransferNotReached t && t.target().equals(target))
                .map(e -> (TransferNotReached) e).findFirst();
    }

    /** The call.ended of the call transferred to {@code target}. */
    private CallEnded ended(String target) throws InterruptedException {
        awaitTrue(() -> endOf(target).isPresent(), "call.ended of the call transferred to " + target);
        return endOf(target).orElseThrow();
    }

    private Optional<CallEnded> endOf(String target) {
        return events.all().stream().filter(e -> e instanceof TransferRequested t && t.target().equals(target))
                .map(CallEvent::callId).flatMap(id -> events.of(id).stream())
                .filter(e -> e instanceof CallEnded).map(e -> (CallEnded) e).findFirst();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
    }
}
