package dev.parley.tts.session;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Readiness, metrics, and the service's time to first audio per engine (printed, not asserted: 2 shared cores). */
@QuarkusTest
class ServiceFiguresTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL url;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void timeToFirstAudioPerEngineAndMetrics() throws Exception {
        AwaitReady.await(url, Duration.ofSeconds(120));
        ManagedChannel channel = ManagedChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext().build();
        try {
            for (String voice : new String[] {"cmu_us_slt_arctic_hts", "kal16"}) {
                List<Double> ms = new ArrayList<>();
                String engine = null;
                for (int i = 0; i < 7; i++) {
                    TtsClient tts = TtsClient.open(channel).config(UUID.randomUUID().toString(), 8000, voice);
                    tts.text("Sure, let me check that for you.");
                    long t0 = System.nanoTime();
                    tts.text(" One moment");
                    engine = tts.nextAudio(WAIT).getEngine();
                    ms.add((System.nanoTime() - t0) / 1e6);
                    tts.end();
                    assertNull(tts.awaitEnd(WAIT));
                }
                Collections.sort(ms);
                System.out.printf("MEASURED service time to first audio (%s, voice %s, gRPC, 8 kHz): p50 %.1f ms, "
                        + "min %.1f ms, max %.1f ms over %d utterances%n", engine, voice, ms.get(ms.size() / 2),
                        ms.get(0), ms.get(ms.size() - 1), ms.size());
            }
        } finally {
            channel.shutdownNow();
        }
        String metrics = get("/q/metrics").body();
        assertTrue(metrics.contains("parley_tts_first_audio_seconds_count"), "first-audio timer exported");
        assertTrue(metrics.contains("parley_tts_phrases_total{engine=\"festival\""), "phrase counter per engine");
        assertTrue(metrics.contains("parley_tts_phrases_total{engine=\"flite\""), "phrase counter per engine");
    }

    @Test
    void isReadyOnceItsEnginesAreAvailableAndWarm() throws Exception {
        String ready = AwaitReady.await(url, Duration.ofSeconds(120)).replace(" ", "");
        assertTrue(ready.contains("\"tts-engines\""), ready);
        assertTrue(ready.contains("\"festival\":\"available\""), ready);
        assertTrue(ready.contains("\"flite\":\"available\""), ready);
        assertTrue(ready.contains("\"tts-warm-up\""), ready);
        assertTrue(ready.contains("\"state\":\"done\""), ready);
        assertTrue(ready.contains("\"festival\":\"warm\"") && ready.contains("\"flite\":\"warm\""), ready);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url.toString().replaceAll("/$", "") + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
