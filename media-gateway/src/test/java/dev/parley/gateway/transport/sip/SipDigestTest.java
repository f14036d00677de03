package dev.parley.gateway.transport.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.gateway.admission.CallAdmission;
import dev.parley.gateway.session.CallSessions;
import dev.parley.gateway.transport.sip.auth.Digest;
import dev.parley.gateway.transport.sip.auth.InboundDigest;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Digest authentication of inbound INVITEs against sipp, calling from loopback, which "guarded"'s allow-list does
 * not hold: sipp's own digest client ({@code -au/-ap}, {@code [authentication]}) gets through after the 401; a wrong
 * password, a nonce we never issued and no answer to the challenge do not, and the refusals are counted.
 */
@QuarkusTest
@TestProfile(SipAuthProfile.class)
class SipDigestTest {
    private static final String NUMBER = "+15550100300";
    private static final String SDP = "m=audio 40000 RTP/AVP 0";
    private static final String MAPS = "      a=rtpmap:0 PCMU/8000\n";
    private static final String CHALLENGED = "  <recv response=\"100\" optional=\"true\"/>\n"
            + "  <recv response=\"401\" auth=\"true\"/>\n" + Sipp.request("ACK", 1);

    @Inject
    SipServer server;
    @Inject
    CallSessions sessions;
    @Inject
    CallAdmission admission;
    @Inject
    MeterRegistry registry;
    @Inject
    InboundDigest digest;

    private Sipp.Run place(String scenario) throws Exception {
        return Sipp.run(server.port(), NUMBER, scenario, Path.of("target", "sipp"));
    }

    /** sipp as a digest client: by default it hashes "sip:host:port", so it is told the Request-URI (RFC 3261 22.4). */
    private Sipp.Run placeAs(String password, String scenario) throws Exception {
        return Sipp.run(server.port(), NUMBER, scenario, Path.of("target", "sipp"), "-au", "trunk", "-ap", password,
                "-auth_uri", NUMBER + "@127.0.0.1:" + server.port());
    }

    /** The INVITE again, CSeq 2, with {@code authorization} (sipp's own {@code [authentication]} or ours). */
    private static String reInvite(String authorization) {
        return Sipp.invite(SDP, MAPS).replace("CSeq: 1 INVITE", "CSeq: 2 INVITE\n      " + authorization);
    }

    private double refused(String reason) {
        var counter = registry.find("parley.sip.refused").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void theRightPasswordIsAnsweredAfterTheChallenge() throws Exception {
        Sipp.Run run = placeAs("s3cret", Sipp.scenario(Sipp.invite(SDP, MAPS), CHALLENGED, reInvite("[authentication]"),
                "  <recv response=\"100\" optional=\"true\"/>\n  <recv response=\"180\" optional=\"true\"/>\n",
                "  <recv response=\"200\" rrs=\"true\"/>\n", Sipp.request("ACK", 2), "  <pause milliseconds=\"500\"/>\n",
                Sipp.request("BYE", 3), "  <recv response=\"200\"/>\n"));
        assertEquals(0, run.exitCode(), run.output());
        awaitTrue(() -> sessions.live().isEmpty() && admission.used() == 0, "the call ended, its line free");
    }

    @Test
    void aWrongPasswordIsForbiddenAndCounted() throws Exception {
        double before = refused("auth-failed");
        Sipp.Run run = placeAs("guess", Sipp.scenario(Sipp.invite(SDP, MAPS), CHALLENGED,
                reInvite("[authentication]"), "  <recv response=\"100\" optional=\"true\"/>\n  <recv response=\"403\"/>\n",
                Sipp.request("ACK", 2)));
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(before + 1, refused("auth-failed"));
        assertEquals(0, admission.used());
    }

    @Test
    void aCallerWithoutCredentialsIsChallengedAndGetsNoFurther() throws Exception {
        Sipp.Run run = place(Sipp.scenario(Sipp.invite(SDP, MAPS), CHALLENGED));
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(0, admission.used());
        assertEquals(0, sessions.live().size());
    }

    @Test
    void aNonceWeNeverIssuedIsForbiddenAndCounted() throws Exception {
        double before = refused("auth-nonce");
        String uri = "sip:" + NUMBER + "@127.0.0.1:" + server.port();
        String nonce = "bm90LW91cnMtbm90LW91cnMtbm90LW91cnMtbm90";
        Sipp.Run run = place(Sipp.scenario(Sipp.invite(SDP, MAPS), CHALLENGED, reInvite(authorization(nonce, uri)),
                "  <recv response=\"100\" optional=\"true\"/>\n  <recv response=\"403\"/>\n", Sipp.request("ACK", 2)));
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(before + 1, refused("auth-nonce"));
    }

    @Test
    void aNonceOlderThanItsLifetimeIsChallengedAgainAsStale() throws Exception {
        String uri = "sip:" + NUMBER + "@127.0.0.1:" + server.port();
        String old = digest.nonces().issue(SipAuthProfile.REALM, System.currentTimeMillis() - 6 * 60_000);
        Sipp.Run run = place(Sipp.scenario(Sipp.invite(SDP, MAPS), CHALLENGED, reInvite(authorization(old, uri)),
                "  <recv response=\"100\" optional=\"true\"/>\n  <recv response=\"401\">\n    <action>\n"
                        + "      <ereg regexp=\"stale=TRUE\" search_in=\"hdr\" header=\"WWW-Authenticate:\" "
                        + "check_it=\"true\" assign_to=\"stale\"/>\n      <log message=\"[$stale]\"/>\n"
                        + "    </action>\n  </recv>\n",
                Sipp.request("ACK", 2)));
        assertEquals(0, run.exitCode(), "a valid answer to an expired nonce is not a call\n" + run.output());
        assertEquals(0, admission.used());
    }

    /** A correct answer for "trunk"/"s3cret" to {@code nonce}, as a client that had it would send. */
    private static String authorization(String nonce, String uri) {
        String ha1 = Digest.ha1("trunk", SipAuthProfile.REALM, "s3cret");
        String response = Digest.response(ha1, nonce, "00000001", "0a4f113b", "auth", "INVITE", uri);
        return "Authorization: Digest username=\"trunk\", realm=\"" + SipAuthProfile.REALM + "\", nonce=\"" + nonce
                + "\", uri=\"" + uri + "\", response=\"" + response + "\", algorithm=MD5, qop=auth, nc=00000001, "
                + "cnonce=\"0a4f113b\"";
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long until = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
    }
}
