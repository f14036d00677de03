package dev.parley.gateway.transport.sip;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.OutboundCall;
import dev.parley.gateway.admission.CallAdmission;
import dev.parley.gateway.outbound.RecordedEvents;
import dev.parley.gateway.session.CallSessions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A dialled call that the trunk challenged (407, as a proxy does) outlives the INVITE transactions' 64 * T1 (32 s).
 * A wrong ACK to the 2xx of the re-sent INVITE (its CSeq, Request-URI, To tag or a reused branch) would leave a real
 * callee retransmitting 200 OK until it gives up with BYE at ~32 s, and the challenged first INVITE's dialog dies in
 * that window too, which must not end the call. sipp checks our ACK field by field, fails on any message it does not
 * expect while the call is up (a BYE of ours, an INVITE again), and streams RTP so the media timeout stays away.
 */
@QuarkusTest
@TestProfile(SipAuthProfile.class)
class SipChallengedCallTest {
    private static final long HELD_MS = 35_000;
    private static final String ANSWER_SDP = "v=0\no=callee 1 1 IN IP4 127.0.0.1\ns=-\nc=IN IP4 127.0.0.1\nt=0 0\n"
            + "m=audio [rtpstream_audio_port] RTP/AVP 0\na=rtpmap:0 PCMU/8000\n";
    private static final String PROXY_CHALLENGE = "Proxy-Authenticate: Digest realm=\"proxy.test\", "
            + "nonce=\"[pid]p[clock_tick]\", qop=\"auth\", algorithm=MD5";

    @Inject
    CallSessions sessions;
    @Inject
    CallAdmission admission;
    @Inject
    RecordedEvents events;

    @Test
    void aCallAnsweredAfterAProxyChallengeStaysUpPast32SecondsAndEndsOnce() throws Exception {
        Sipp.Callee trunk = trunk();
        String callId = given().contentType(ContentType.JSON).header("X-Api-Key", "dialer-key")
                .body("{\"to\":\"+15551230100\"}").post("/tenants/dialer/calls").then().statusCode(202).extract()
                .path("callId");
        awaitTrue(() -> statuses(callId).contains("answered"), 20_000, "answered: " + events.of(callId));
        Instant answered = events.of(callId).stream().filter(e -> e instanceof OutboundCall o
                && o.status().equals("answered")).findFirst().orElseThrow().timestamp();

        // Past 64 * T1 from the 2xx: a callee that never got a fitting ACK, or a dead first dialog, has ended it.
        long untilPast32s = Duration.between(Instant.now(), answered.plusSeconds(33)).toMillis();
        Thread.sleep(Math.max(0, untilPast32s));
        assertTrue(trunk.process().isAlive(), "the callee's scenario is still holding the call");
        assertTrue(sessions.live().stream().anyMatch(s -> s.info().callId().equals(callId)),
                "the session is up 33 s after the answer: " + events.of(callId));
        assertTrue(events.of(callId).stream().noneMatch(e -> e instanceof CallEnded), "no call.ended yet");

        Sipp.Run run = trunk.await();
        assertEquals(0, run.exitCode(), "the callee saw a right ACK, nothing unexpected, and its BYE answered\n"
                + run.output());
        awaitTrue(() -> sessions.live().isEmpty() && admission.used() == 0, 20_000, "no session, no slot");
        awaitTrue(() -> events.of(callId).stream().anyMatch(e -> e instanceof CallEnded), 5_000, "call.ended");
        Thread.sleep(500); // a second call.ended would come right after the first
        List<CallEnded> ended = events.of(callId).stream().filter(e -> e instanceof CallEnded)
                .map(e -> (CallEnded) e).toList();
        assertEquals(1, ended.size(), "billed once: " + ended);
        assertEquals("caller-hangup", ended.get(0).reason(), "ended by the callee's BYE: " + ended);
        // The callee's pause runs from our ACK, the billed time from the session's start just after it sent the ACK.
        assertTrue(ended.get(0).durationMs() >= HELD_MS - 1_000, "billed for the whole call: "
                + ended.get(0).durationMs());
        assertEquals(List.of("dialing", "answered"), statuses(callId));
    }

    /**
     * 407, then the INVITE again with Proxy-Authorization for gw/dial-pw (checked by sipp's verifyauth), 200 OK,
     * our ACK checked (CSeq of the re-sent INVITE, the 200's Contact as Request-URI, the 200's To tag, a branch of
     * its own), then RTP and silence in SIP for {@link #HELD_MS}, then the callee's BYE.
     */
    private static Sipp.Callee trunk() throws Exception {
        Path dir = Path.of("target", "sipp").toAbsolutePath();
        Files.createDirectories(dir);
        Path silence = Files.createTempFile(dir, "silence", ".ulaw");
        byte[] second = new byte[8_000];
        Arrays.fill(second, (byte) 0xFF); // μ-law silence, streamed in a loop for as long as the call lasts
        Files.write(silence, second);
        String callee = SipAuthProfile.CALLEE_PORT;
        String scenario = Sipp.scenario("  <recv request=\"INVITE\"/>\n",
                Sipp.respond("407 Proxy Authentication Required", null)
                        .replace("      Contact:", "      " + PROXY_CHALLENGE + "\n      Contact:"),
                "  <recv request=\"ACK\"/>\n",
                "  <recv request=\"INVITE\">\n    <action>\n"
                        + "      <ereg regexp=\"sip:[^>;]*\" search_in=\"hdr\" header=\"Contact:\" assign_to=\"us\"/>\n"
                        + "      <ereg regexp=\".*\" search_in=\"hdr\" header=\"From:\" assign_to=\"caller\"/>\n"
                        + "      <ereg regexp=\"branch=([^;, ]+)\" search_in=\"hdr\" header=\"Via:\" "
                        + "assign_to=\"v,invite_branch\"/>\n"
                        + credentials("username=\"gw\"", "realm=\"proxy.test\"", "nonce=\"[0-9]+p[0-9]+\"",
                                "uri=\"sip:\\+15551230100@127\\.0\\.0\\.1:" + callee + "\"", "qop=auth",
                                "response=\"[0-9a-f]{32}\"")
                        + "    </action>\n  </recv>\n",
                Sipp.respond("200 OK", ANSWER_SDP),
                "  <recv request=\"ACK\">\n    <action>\n"
                        + "      <ereg regexp=\"^ACK sip:callee@127\\.0\\.0\\.1:" + callee + "[ ;]\" search_in=\"msg\" "
                        + "check_it=\"true\" assign_to=\"a1\"/>\n"
                        + "      <ereg regexp=\"^ *2 ACK\" search_in=\"hdr\" header=\"CSeq:\" check_it=\"true\" "
                        + "assign_to=\"a2\"/>\n"
                        + "      <ereg regexp=\";tag=[0-9]+callee\" search_in=\"hdr\" header=\"To:\" check_it=\"true\" "
                        + "assign_to=\"a3\"/>\n"
                        + "      <ereg regexp=\"branch=([^;, ]+)\" search_in=\"hdr\" header=\"Via:\" "
                        + "assign_to=\"w,ack_branch\"/>\n"
                        + "      <strcmp assign_to=\"same\" variable=\"invite_branch\" variable2=\"ack_branch\"/>\n"
                        + "      <test assign_to=\"own_branch\" variable=\"same\" compare=\"not_equal\" value=\"0\"/>\n"
                        + "      <log message=\"ACK [$a1] [$a2] [$a3] [$v] [$w]\"/>\n"
                        + "    </action>\n  </recv>\n",
                failUnless("own_branch", "ACK-REUSED-THE-INVITE-BRANCH"),
                "  <nop>\n    <action>\n      <exec rtp_stream=\"" + silence + ",-1,0\"/>\n    </action>\n  </nop>\n",
                "  <pause milliseconds=\"" + HELD_MS + "\"/>\n",
                "  <send retrans=\"500\">\n    <![CDATA[\n      BYE [$us] SIP/2.0\n"
                        + "      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\n"
                        + "      From: <sip:+15551230100@[local_ip]:[local_port]>;tag=[pid]callee\n"
                        + "      To:[$caller]\n      Call-ID: [call_id]\n      CSeq: 3 BYE\n      Max-Forwards: 70\n"
                        + "      Content-Length: 0\n    ]]>\n  </send>\n",
                "  <recv response=\"200\"/>\n");
        return Sipp.answer(Integer.parseInt(callee), scenario, dir, "-mp", Sipp.freeUdpPort(), "-timeout", "60s");
    }

    /**
     * Checks that the Proxy-Authorization header holds each of {@code fields} (regular expressions); the scenario
     * fails when one is missing. sipp's verifyauth reads only Authorization, so the hash itself is not recomputed
     * here: ClientDigest computes it as for a 401, which SipRegisterTest has sipp verify.
     */
    private static String credentials(String... fields) {
        StringBuilder checks = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            checks.append("      <ereg regexp=\"").append(fields[i].replace("\"", "&quot;"))
                    .append("\" search_in=\"hdr\" header=\"Proxy-Authorization:\" check_it=\"true\" assign_to=\"c")
                    .append(i).append("\"/>\n");
        }
        return checks + "      <log message=\"credentials " + String.join("", IntStream
                .range(0, fields.length).mapToObj(i -> "[$c" + i + "]").toList()) + "\"/>\n";
    }

    /** Goes on when {@code flag} is true, else waits for a request that never comes: the scenario fails. */
    private static String failUnless(String flag, String never) {
        return "  <nop test=\"" + flag + "\" next=\"" + flag + "\"/>\n  <recv request=\"" + never
                + "\" timeout=\"100\"/>\n  <label id=\"" + flag + "\"/>\n";
    }

    private List<String> statuses(String callId) {
        return events.of(callId).stream().filter(e -> e instanceof OutboundCall).map(e -> ((OutboundCall) e).status())
                .toList();
    }

    private static void awaitTrue(BooleanSupplier condition, long ms, String what) throws InterruptedException {
        long until = System.nanoTime() + ms * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
    }
}
