package dev.parley.gateway.transport.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.gateway.admission.CallAdmission;
import dev.parley.gateway.admission.FullBackends;
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
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The SIP trunk against sipp: answered calls run a session until the caller's BYE; every refusal is the SIP answer a
 * carrier expects, costs no call slot, and is counted. One line only, so a second call finds the gateway full.
 */
@QuarkusTest
@TestProfile(SipTrunkTest.Trunk.class)
class SipTrunkTest {
    private static final String PCMU = "m=audio 40000 RTP/AVP 0 101";
    private static final String PCMU_MAPS = "      a=rtpmap:0 PCMU/8000\n      a=rtpmap:101 telephone-event/8000\n";

    public static class Trunk implements QuarkusTestProfile {
        static final Path TENANTS = tenants();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.sip.enabled", "true", "parley.sip.port", "0", "parley.sip.bind-address",
                    "127.0.0.1", "parley.capacity.max-calls", "1", "parley.tenants.dir", TENANTS.toString(),
                    "parley.sip.rtp-port-min", "42000", "parley.sip.rtp-port-max", "42998");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FullBackends.class));
        }

        /** "open" takes SIP calls from loopback; "closed" lists no source, so none. */
        private static Path tenants() {
            try {
                Path dir = Files.createTempDirectory("sip-tenants");
                TenantFiles.write(dir, "open", "+15550100100", "sip:\n  allowedSources: [\"127.0.0.0/8\"]\n");
                TenantFiles.write(dir, "closed", "+15550100200", "");
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

    private Sipp.Run place(String number, String... parts) throws Exception {
        return Sipp.run(server.port(), number, Sipp.scenario(parts), Path.of("target", "sipp"));
    }

    private double refused(String reason) {
        var counter = registry.find("parley.sip.refused").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aCallIsAnsweredRunsASessionAndEndsOnTheCallersBye() throws Exception {
        Sipp.Run run = place("+15550100100", Sipp.invite(PCMU, PCMU_MAPS),
                "  <recv response=\"100\" optional=\"true\"/>\n  <recv response=\"180\" optional=\"true\"/>\n",
                "  <recv response=\"200\" rrs=\"true\"/>\n", Sipp.request("ACK", 1),
                "  <pause milliseconds=\"1500\"/>\n", Sipp.request("BYE", 2), "  <recv response=\"200\"/>\n");
        assertEquals(0, run.exitCode(), run.output());
        awaitTrue(() -> sessions.live().isEmpty() && admission.used() == 0, "the call's session ended, its line free");
    }

    @Test
    void theSessionStartsOnTheAckAndTheLineIsHeldUntilTheBye() throws Exception {
        CompletableFuture<Sipp.Run> call = CompletableFuture.supplyAsync(() -> {
            try {
                return place("+15550100100", Sipp.invite(PCMU, PCMU_MAPS),
                        "  <recv response=\"100\" optional=\"true\"/>\n  <recv response=\"180\" optional=\"true\"/>\n",
                        "  <recv response=\"200\" rrs=\"true\"/>\n", Sipp.request("ACK", 1),
                        "  <pause milliseconds=\"4000\"/>\n", Sipp.request("BYE", 2), "  <recv response=\"200\"/>\n");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        awaitTrue(() -> sessions.live().size() == 1, "the call is live");
        double busyBefore = refused("busy");
        Sipp.Run second = place("+15550100100", Sipp.invite(PCMU, PCMU_MAPS),
                "  <recv response=\"100\" optional=\"true\"/>\n  <recv response=\"486\"/>\n", Sipp.request("ACK", 1));
        assertEquals(0, second.exitCode(), "one line, taken: 486 Busy Here\n" + second.output());
        assertEquals(busyBefore + 1, refused("busy"));
        Sipp.Run first = call.get();
        assertEquals(0, first.exitCode(), first.output());
        awaitTrue(() -> sessions.live().isEmpty() && admission.used() == 0, "the line is free again");
    }

    @Test
    void aNumberNoTenantHasIsNotFound() throws Exception {
        Sipp.Run run = place("+15559999999", Sipp.invite(PCMU, PCMU_MAPS),
                "  <recv response=\"100\" optional=\"true\"/>\n  <recv response=\"404\"/>\n", Sipp.request("ACK", 1));
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(0, admission.used());
    }

    @Test
    void aSourceTheTenantDoesNotListIsForbiddenAndCounted() throws Exception {
        double before = refused("forbidden");
        Sipp.Run run = place("+15550100200", Sipp.invite(PCMU, PCMU_MAPS),
                "  <recv response=\"100\" optional=\"true\"/>\n  <recv response=\"403\"/>\n", Sipp.request("ACK", 1));
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(before + 1, refused("forbidden"));
        assertEquals(0, admission.used());
    }

    @Test
    void anOfferWithoutG711IsNotAcceptable() throws Exception {
        Sipp.Run run = place("+15550100100", Sipp.invite("m=audio 40000 RTP/AVP 9", "      a=rtpmap:9 G722/8000\n"),
                "  <recv response=\"100\" optional=\"true\"/>\n  <recv response=\"488\"/>\n", Sipp.request("ACK", 1));
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(0, admission.used());
    }

    @Test
    void optionsIsAnsweredAndUnsupportedMethodsAreNotAllowed() throws Exception {
        String options = Sipp.request("OPTIONS", 1).replace("[next_url]", "sip:[service]@[remote_ip]:[remote_port]")
                .replace("[peer_tag_param]", "").replace("<send>", "<send retrans=\"500\">");
        String message = Sipp.request("MESSAGE", 2).replace("[next_url]", "sip:[service]@[remote_ip]:[remote_port]")
                .replace("[peer_tag_param]", "").replace("<send>", "<send retrans=\"500\">");
        Sipp.Run run = place("+15550100100", options, "  <recv response=\"200\"/>\n", message,
                "  <recv response=\"405\"/>\n");
        assertEquals(0, run.exitCode(), run.output());
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long until = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
    }
}
