package dev.parley.gateway.transport.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallEvent;
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
 * Cold transfer by REFER against sipp as the caller: the brain transfers at once (see {@link ScriptedBackends}),
 * the gateway sends REFER in the dialog instead of BYE, and hangs up with BYE once the peer's NOTIFY says the target
 * answered, or once the peer refuses the REFER or leaves it without an outcome. call.ended says which.
 */
@QuarkusTest
@TestProfile(SipReferTest.Referrers.class)
class SipReferTest {
    private static final String PCMU = "m=audio 40000 RTP/AVP 0 101";
    private static final String PCMU_MAPS = "      a=rtpmap:0 PCMU/8000\n      a=rtpmap:101 telephone-event/8000\n";
    private static final String ANSWERED = "  <recv response=\"100\" optional=\"true\"/>\n"
            + "  <recv response=\"180\" optional=\"true\"/>\n  <recv response=\"200\" rrs=\"true\"/>\n";

    public static class Referrers implements QuarkusTestProfile {
        static final Path TENANTS = tenants();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.sip.enabled", "true", "parley.sip.port", "0", "parley.sip.bind-address",
                    "127.0.0.1", "parley.tenants.dir", TENANTS.toString(), "parley.sip.rtp-port-min", "44000",
                    "parley.sip.rtp-port-max", "44998", "parley.sip.transfer-timeout", "2s");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(RecordedEvents.class);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ScriptedBackends.class));
        }

        /** Tenants whose brain transfers every call: to a SIP URI, to a tel: number, to a peer that never says how. */
        private static Path tenants() {
            try {
                Path dir = Files.createTempDirectory("refer-tenants");
                write(dir, "referrer", "+15550100400");
                write(dir, "referrer-tel", "+15550100500");
                write(dir, "referrer-late", "+15550100600");
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void write(Path dir, String id, String number) throws IOException {
            TenantFiles.write(dir, id, number, "sip:\n  allowedSources: [\"127.0.0.0/8\"]\n");
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

    /** The REFER, its Refer-To checked against {@code referTo} (a regular expression) and its Referred-By present. */
    private static String refer(String referTo) {
        return "  <recv request=\"REFER\">\n    <action>\n"
                + "      <ereg regexp=\"" + referTo + "\" search_in=\"hdr\" header=\"Refer-To:\" check_it=\"true\""
                + " assign_to=\"target\"/>\n"
                + "      <ereg regexp=\"sip:parley@\" search_in=\"hdr\" header=\"Referred-By:\" check_it=\"true\""
                + " assign_to=\"us\"/>\n    </action>\n  </recv>\n"
                // sipp refuses a scenario that assigns variables it never reads; these are only checked.
                + "  <Reference variables=\"target,us\"/>\n";
    }

    /** Our answer to the request just received (a REFER, a BYE): in the dialog, so its To tag is ours already. */
    static String answer(String status) {
        return "  <send>\n    <![CDATA[\n      SIP/2.0 " + status + "\n      [last_Via:]\n      [last_From:]\n"
                + "      [last_To:]\n      [last_Call-ID:]\n      [last_CSeq:]\n      Content-Length: 0\n    ]]>\n"
                + "  </send>\n";
    }

    /** The NOTIFY that ends the REFER's subscription, its sipfrag the target's answer. */
    private static String notify(String sipfrag) {
        return Sipp.request("NOTIFY", 2).replace("      Content-Length: 0\n", "      Event: refer\n"
                + "      Subscription-State: terminated;reason=noresource\n"
                + "      Content-Type: message/sipfrag;version=2.0\n      Content-Length: [len]\n\n      " + sipfrag
                + "\n");
    }

    private Sipp.Run place(String number, String... parts) throws Exception {
        return Sipp.run(server.port(), number, Sipp.scenario(parts), Path.of("target", "sipp"));
    }

    private double transfers(String outcome) {
        var counter = registry.find("parley.sip.transfers").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    /** How the call to {@code tenant} ended, per its call.ended event; the call also published call.transfer. */
    private String endOf(String target) throws InterruptedException {
        awaitTrue(() -> ended(target).isPresent(), "call.ended of the call transferred to " + target);
        return ended(target).orElseThrow();
    }

    private Optional<String> ended(String target) {
        return events.all().stream().filter(e -> e instanceof TransferRequested t && t.target().equals(target))
                .map(CallEvent::callId).flatMap(id -> events.of(id).stream())
                .filter(e -> e instanceof CallEnded).map(e -> ((CallEnded) e).reason()).findFirst();
    }

    @Test
    void aTransferIsReferredAndTheCallHungUpOnceTheTargetAnswered() throws Exception {
        double before = transfers("transferred");
        Sipp.Run run = place("+15550100400", Sipp.invite(PCMU, PCMU_MAPS), ANSWERED, Sipp.request("ACK", 1),
                refer("sip:support@acme\\.example"), answer("202 Accepted"), notify("SIP/2.0 200 OK"),
                "  <recv response=\"200\"/>\n  <recv request=\"BYE\"/>\n", answer("200 OK"));
        assertEquals(0, run.exitCode(), run.output());
        assertEquals("transferred", endOf("sip:support@acme.example"));
        assertEquals(before + 1, transfers("transferred"));
        awaitTrue(() -> sessions.live().isEmpty() && admission.used() == 0, "the line is free");
    }

    @Test
    void aReferTheTrunkDeclinesFallsBackToBye() throws Exception {
        double before = transfers("refused");
        Sipp.Run run = place("+15550100500", Sipp.invite(PCMU, PCMU_MAPS), ANSWERED, Sipp.request("ACK", 1),
                refer("sip:\\+15550199999@127\\.0\\.0\\.1:[0-9]+;user=phone"), answer("603 Declined"),
                "  <recv request=\"BYE\"/>\n", answer("200 OK"));
        assertEquals(0, run.exitCode(), "the tel: target went to the trunk as a SIP URI\n" + run.output());
        assertEquals("transfer-failed", endOf("tel:+1-555-019-9999"));
        assertEquals(before + 1, transfers("refused"));
        awaitTrue(() -> sessions.live().isEmpty() && admission.used() == 0, "the line is free");
    }

    @Test
    void aTransferWithoutAFinalNotifyTimesOutToBye() throws Exception {
        double before = transfers("timeout");
        Sipp.Run run = place("+15550100600", Sipp.invite(PCMU, PCMU_MAPS), ANSWERED, Sipp.request("ACK", 1),
                refer("sip:desk@acme\\.example"), answer("202 Accepted"), notify("SIP/2.0 100 Trying")
                        .replace("terminated;reason=noresource", "active;expires=60"),
                "  <recv response=\"200\"/>\n  <recv request=\"BYE\" timeout=\"6000\"/>\n", answer("200 OK"));
        assertEquals(0, run.exitCode(), "parley.sip.transfer-timeout (2 s) ran out: BYE\n" + run.output());
        assertEquals("transfer-failed", endOf("sip:desk@acme.example"));
        assertEquals(before + 1, transfers("timeout"));
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
