package dev.parley.stt.warmup;

import dev.parley.stt.engines.SttEngines;
import dev.parley.stt.metrics.SttMetrics;
import dev.parley.stt.support.HttpGet;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The warm-up runs at start (the other tests turn it off), recognizes real speech and then lets readiness go UP. */
@QuarkusTest
@TestProfile(WarmupTest.Enabled.class)
class WarmupTest {
    public static final class Enabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.warmup.enabled", "true");
        }
    }

    @TestHTTPResource("/")
    URL server;
    @Inject
    SttWarmup warmup;
    @Inject
    SttMetrics metrics;
    @Inject
    SttEngines engines;

    @Test
    void readinessIsUpWithTheWarmupDoneAfterStart() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        HttpResponse<String> ready = HttpGet.get(server, "/q/health/ready");
        while (ready.statusCode() != 200 && System.nanoTime() < deadline) {
            // While warming, readiness must say so.
            assertTrue(ready.body().contains("warming") || ready.body().contains("stt-engines"), ready.body());
            Thread.sleep(100);
            ready = HttpGet.get(server, "/q/health/ready");
        }
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("stt-warmup"), ready.body());
        assertEquals(WarmupStatus.State.DONE, warmup.status().state(), warmup.status().detail());
        assertTrue(warmup.status().millis() > 0);
    }

    @Test
    void warmupRecognizesItsSpokenSentenceAtBothRates() throws Exception {
        awaitStartupWarmup();
        SttWarmup.Report report = warmup.run(Duration.ofSeconds(60));
        assertEquals("flite", report.audioSource(), "flite is installed on the build machines");
        assertEquals(4, report.transcripts().size(), "3 rounds at 16 kHz and one at 8 kHz");
        for (String heard : report.transcripts()) {
            assertTrue(heard.contains("order"), "recognized: " + heard);
        }
        assertEquals(0, metrics.activeStreams(), "warm-up streams are released");
    }

    @Test
    void generatedSignalStillDrivesTheEngineThroughAWholeStream() throws Exception {
        awaitStartupWarmup();
        double before = HttpGet.metric(server, "parley_stt_audio_seconds_total");
        short[] signal = WarmupSpeech.generated();
        new WarmupStream(engines.recognizer(), Runnable::run, metrics, 8, 200)
                .recognize("warmup-generated", signal, 16_000, Duration.ofSeconds(30));
        double fed = HttpGet.metric(server, "parley_stt_audio_seconds_total") - before;
        assertEquals(signal.length / 16_000.0, fed, 0.01, "all of the signal reached the engine");
        assertEquals(0, metrics.activeStreams());
    }

    /** The start's own warm-up shares the engine and the metrics: let it finish before measuring. */
    private void awaitStartupWarmup() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!warmup.status().ready() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(warmup.status().ready(), "start-up warm-up still running");
    }
}
