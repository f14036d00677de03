package dev.parley.gateway.transport.sip;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.parley.gateway.admission.CallAdmission;
import dev.parley.gateway.session.CallSessions;
import dev.parley.gateway.tenant.TenantDirectory;
import dev.parley.gateway.tenant.TenantFiles;
import dev.parley.gateway.transport.sip.register.SipRegistrations;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Our side of digest against sipp carriers that check it with sipp's own {@code <verifyauth>} (a wrong answer makes
 * the scenario fail): a registrar that challenges every REGISTER, grants 2 s so the refresh comes within the test,
 * and sees the binding removed when the tenant's {@code sip.register} goes; a trunk that challenges our INVITE.
 */
@QuarkusTest
@TestProfile(SipAuthProfile.class)
class SipRegisterTest {
    private static final String ANSWER_SDP = "v=0\no=callee 1 1 IN IP4 127.0.0.1\ns=-\nc=IN IP4 127.0.0.1\nt=0 0\n"
            + "m=audio 40002 RTP/AVP 0\na=rtpmap:0 PCMU/8000\n";
    private static final String CHALLENGE = "WWW-Authenticate: Digest realm=\"carrier.test\", nonce=\"[pid]n[clock_tick]\","
            + " qop=\"auth\", algorithm=MD5";

    @Inject
    TenantDirectory tenants;
    @Inject
    SipRegistrations registrations;
    @Inject
    MeterRegistry registry;
    @Inject
    CallSessions sessions;
    @Inject
    CallAdmission admission;

    /** A response to the last request with {@code extra} headers. */
    private static String respond(String status, String extra, String sdp) {
        String response = Sipp.respond(status, sdp);
        return extra == null ? response : response.replace("      Contact:", "      " + extra + "\n      Contact:");
    }

    /** Receives {@code method} and checks its credentials for user/password; the scenario fails when they are wrong. */
    private static String verified(String method, String user, String password, String label, String actions) {
        return "  <recv request=\"" + method + "\">\n    <action>\n" + actions
                + "      <verifyauth assign_to=\"" + label + "\" username=\"" + user + "\" password=\"" + password
                + "\"/>\n    </action>\n  </recv>\n  <nop test=\"" + label + "\" next=\"" + label + "\"/>\n"
                + "  <recv request=\"WRONG-CREDENTIALS\" timeout=\"100\"/>\n  <label id=\"" + label + "\"/>\n";
    }

    @Test
    void aTenantRegistersAnswersTheChallengeRefreshesAndRemovesItsBinding() throws Exception {
        String port = Sipp.freeUdpPort();
        Sipp.Callee registrar = Sipp.answer(Integer.parseInt(port), Sipp.scenario(
                "  <recv request=\"REGISTER\"/>\n", respond("401 Unauthorized", CHALLENGE, null),
                verified("REGISTER", "reg", "reg-pw", "first", ""), respond("200 OK", "Expires: 2", null),
                "  <recv request=\"REGISTER\"/>\n", respond("401 Unauthorized", CHALLENGE, null),
                verified("REGISTER", "reg", "reg-pw", "refresh", ""), respond("200 OK", "Expires: 60", null),
                "  <recv request=\"REGISTER\">\n    <action>\n      <ereg regexp=\"^ *0 *$\" search_in=\"hdr\" "
                        + "header=\"Expires:\" check_it=\"true\" assign_to=\"zero\"/>\n      <log message=\"[$zero]\"/>\n"
                        + "    </action>\n  </recv>\n",
                respond("401 Unauthorized", CHALLENGE, null), verified("REGISTER", "reg", "reg-pw", "last", ""),
                respond("200 OK", null, null)), Path.of("target", "sipp"));
        String block = "sip:\n  register: {registrar: \"sip:127.0.0.1:" + port + "\", username: reg, "
                + "passwordEnv: PARLEY_SIP_PASSWORD_REG, expires: 120}\n";
        TenantFiles.write(SipAuthProfile.TENANTS, "carrier", "+15550100500", block);
        tenants.reload();
        awaitTrue(() -> "REGISTERED".equals(registrations.states().get("carrier")), "registered");
        assertEquals(1.0, registry.find("parley.sip.registered").tag("tenant", "carrier").gauge().value());
        TenantFiles.write(SipAuthProfile.TENANTS, "carrier", "+15550100500", "");
        Thread.sleep(2_500); // the 2 s binding is refreshed at 1.6 s
        tenants.reload();
        Sipp.Run run = registrar.await();
        assertEquals(0, run.exitCode(), run.output());
        assertNull(registrations.states().get("carrier"));
        assertNull(registry.find("parley.sip.registered").tag("tenant", "carrier").gauge());
    }

    @Test
    void aTrunkThatChallengesOurInviteGetsItAgainWithCredentialsAndAnswers() throws Exception {
        double answered = outcomes("answered");
        Sipp.Callee trunk = callee("  <recv request=\"INVITE\"/>\n", respond("401 Unauthorized", CHALLENGE, null),
                "  <recv request=\"ACK\"/>\n",
                verified("INVITE", "gw", "dial-pw", "invite",
                        "      <ereg regexp=\"sip:[^>;]*\" search_in=\"hdr\" header=\"Contact:\" assign_to=\"us\"/>\n"
                        + "      <ereg regexp=\".*\" search_in=\"hdr\" header=\"From:\" assign_to=\"caller\"/>\n"),
                respond("200 OK", null, ANSWER_SDP), "  <recv request=\"ACK\"/>\n  <pause milliseconds=\"1000\"/>\n",
                "  <send retrans=\"500\">\n    <![CDATA[\n      BYE [$us] SIP/2.0\n"
                        + "      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\n"
                        + "      From: <sip:+15551230000@[local_ip]:[local_port]>;tag=[pid]callee\n"
                        + "      To:[$caller]\n      Call-ID: [call_id]\n      CSeq: 3 BYE\n      Max-Forwards: 70\n"
                        + "      Content-Length: 0\n    ]]>\n  </send>\n",
                "  <recv response=\"200\"/>\n");
        dial("+15551230000");
        Sipp.Run run = trunk.await();
        assertEquals(0, run.exitCode(), run.output());
        awaitTrue(() -> outcomes("answered") == answered + 1, "answered");
        lineIsFree();
    }

    @Test
    void aSecondChallengeFailsTheCall() throws Exception {
        double failed = outcomes("failed");
        Sipp.Callee trunk = callee("  <recv request=\"INVITE\"/>\n", respond("401 Unauthorized", CHALLENGE, null),
                "  <recv request=\"ACK\"/>\n  <recv request=\"INVITE\"/>\n",
                respond("401 Unauthorized", CHALLENGE, null), "  <recv request=\"ACK\"/>\n");
        dial("+15551230001");
        Sipp.Run run = trunk.await();
        assertEquals(0, run.exitCode(), run.output());
        awaitTrue(() -> outcomes("failed") == failed + 1, "failed");
        lineIsFree();
    }

    private static Sipp.Callee callee(String... parts) throws Exception {
        return Sipp.answer(Integer.parseInt(SipAuthProfile.CALLEE_PORT), Sipp.scenario(parts),
                Path.of("target", "sipp"));
    }

    private static void dial(String to) {
        given().contentType(ContentType.JSON).header("X-Api-Key", "dialer-key").body("{\"to\":\"" + to + "\"}")
                .post("/tenants/dialer/calls").then().statusCode(202);
    }

    private double outcomes(String outcome) {
        var counter = registry.find("parley.outbound.calls").tag("outcome", outcome).tag("via", "sip").counter();
        return counter == null ? 0 : counter.count();
    }

    private void lineIsFree() throws InterruptedException {
        awaitTrue(() -> sessions.live().isEmpty() && admission.used() == 0, "no session, no slot");
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
    }
}
