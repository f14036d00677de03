package dev.parley.stt.grpc;

import dev.parley.contracts.events.SpeechRecognized;
import dev.parley.contracts.stt.v1.RecognizeResponse;
import dev.parley.contracts.stt.v1.Transcript;
import dev.parley.stt.metrics.SttMetrics;
import dev.parley.stt.support.HttpGet;
import dev.parley.stt.support.RecordingEventPublisher;
import dev.parley.stt.support.SttClient;
import dev.parley.stt.support.TestAudio;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Streams are released whichever way they end; streams run side by side; health and metrics are exposed. */
@QuarkusTest
class StreamLifecycleTest {
    @TestHTTPResource("/")
    URL server;
    @Inject
    RecordingEventPublisher events;
    @Inject
    SttMetrics metrics;
    private SttClient client;

    @BeforeEach
    void connect() {
        client = new SttClient(server.getPort());
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        client.close();
    }

    @Test
    void cancelledStream_releasesItsEngineAndIsBilledOnce() throws InterruptedException {
        List<byte[]> chunks = TestAudio.chunks(TestAudio.goForward16k(), 16000, 20);
        SttClient.Call call = client.open().config("acme", "call-cancel", 16000).audio(chunks.subList(0, 100));
        call.awaitResponse(RecognizeResponse::hasPartial);
        call.cancel();

        waitUntil(() -> metrics.activeStreams() == 0 && !events.of(SpeechRecognized.class, "call-cancel").isEmpty());
        Thread.sleep(200);
        List<SpeechRecognized> usage = events.of(SpeechRecognized.class, "call-cancel");
        assertEquals(1, usage.size(), "released and billed exactly once");
        assertTrue(usage.get(0).audioMs() > 0 && usage.get(0).audioMs() <= 2000, "audioMs " + usage.get(0).audioMs());
        assertTrue(HttpGet.metric(server, "parley_stt_streams_total{outcome=\"cancelled\"}") >= 1);
    }

    @Test
    void concurrentStreams_eachGetTheirOwnTranscript() {
        short[] wide = TestAudio.goForward16k();
        short[] phone = TestAudio.phoneBand(wide);
        short[] book = TestAudio.librivox("sense_and_sensibility_01_austen_64kb-0930").samples();
        // Vosk is deterministic for the same audio and chunking: side by side must give what alone gives.
        String bookAlone = recognize("solo", book, 16000);
        assertEquals("he might even have been made amiable himself", bookAlone);
        List<CompletableFuture<String>> results = new ArrayList<>();
        results.add(CompletableFuture.supplyAsync(() -> recognize("par-1", wide, 16000)));
        results.add(CompletableFuture.supplyAsync(() -> recognize("par-2", phone, 8000)));
        results.add(CompletableFuture.supplyAsync(() -> recognize("par-3", book, 16000)));
        results.add(CompletableFuture.supplyAsync(() -> recognize("par-4", wide, 16000)));

        assertEquals(TestAudio.GO_FORWARD_TEXT, results.get(0).join());
        assertEquals(TestAudio.GO_FORWARD_TEXT, results.get(1).join());
        assertEquals(bookAlone, results.get(2).join());
        assertEquals(TestAudio.GO_FORWARD_TEXT, results.get(3).join());
        waitUntil(() -> metrics.activeStreams() == 0);
    }

    @Test
    void readiness_reportsTheLoadedModel() {
        HttpResponse<String> ready = HttpGet.get(server, "/q/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("stt-engines"), ready.body());
        assertTrue(ready.body().contains("vosk-model-en-us loaded in"), ready.body());
    }

    @Test
    void metrics_exposeStreamsAudioAndEngineTime() {
        recognize("call-metrics", TestAudio.goForward16k(), 16000);
        String body = HttpGet.get(server, "/q/metrics").body();
        for (String series : List.of("parley_stt_streams_active", "parley_stt_audio_seconds_total",
                "parley_stt_engine_seconds_count", "parley_stt_rtf_count", "parley_stt_streams_total")) {
            assertTrue(body.contains(series), series + " missing from /q/metrics");
        }
        assertTrue(HttpGet.metric(server, "parley_stt_audio_seconds_total") >= 2.7);
    }

    private String recognize(String callId, short[] pcm, int rate) {
        SttClient.Call call = client.open().config("acme", callId, rate).audio(TestAudio.chunks(pcm, rate, 20))
                .flush(1);
        call.awaitFlushFinal(1);
        call.complete();
        call.awaitEnd();
        return String.join(" ", call.finals().stream().map(Transcript::getText).filter(t -> !t.isEmpty()).toList());
    }

    private static void waitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + SttClient.TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in " + SttClient.TIMEOUT);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
