package dev.parley.gateway.warmup;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** At start the gateway runs its audio path and connects its three backends, and only then reports ready. */
@QuarkusTest
@TestProfile(GatewayWarmupTest.Enabled.class)
class GatewayWarmupTest {
    public static final class Enabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.warmup.enabled", "true");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StandInBackend.class));
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URL base;
    @Inject
    GatewayWarmup warmup;

    @Test
    void readinessIsUpOnceVadRanAndEveryBackendAnswered() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> ready = ready();
        while (ready.statusCode() != 200 && System.nanoTime() < deadline) {
            assertTrue(ready.body().contains("warming"), ready.body());
            Thread.sleep(100);
            ready = ready();
        }
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("gateway-warmup"), ready.body());
        assertEquals(WarmupStatus.State.DONE, warmup.status().state(), warmup.status().detail());
        // SERVING can only come from the stand-in's health check, so each channel reached it.
        for (String backend : List.of("stt connected (SERVING)", "dialogue connected (SERVING)",
                "tts connected (SERVING)")) {
            assertTrue(warmup.status().detail().contains(backend), warmup.status().detail());
        }
    }

    @Test
    void aRunDrivesTheVadOverItsFrames() throws Exception {
        GatewayWarmup.Report report = warmup.run();
        assertEquals(600, report.audio().frames());
        assertEquals(20, report.liveMessages(), "every live-path message written and read back once");
        assertTrue(report.audio().maxProbability() > 0.5f, "max " + report.audio().maxProbability());
        assertTrue(report.backends().values().stream().allMatch(BackendChannels.Outcome::connected),
                report.backends().toString());
        // The stand-in serves health only: each live stream was opened and answered (UNIMPLEMENTED), not skipped.
        assertTrue(report.backends().values().stream()
                        .allMatch(o -> o.detail().contains("live stream UNIMPLEMENTED")),
                report.backends().toString());
    }

    private HttpResponse<String> ready() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + base.getPort() + "/q/health/ready"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
