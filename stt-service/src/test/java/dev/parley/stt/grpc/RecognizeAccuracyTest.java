package dev.parley.stt.grpc;

import dev.parley.audio.Wav;
import dev.parley.contracts.stt.v1.Transcript;
import dev.parley.stt.support.SttClient;
import dev.parley.stt.support.TestAudio;
import dev.parley.stt.support.WordErrorRate;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Word error rate of the whole service on the five LibriVox clips of pocketsphinx-testdata (≈100 words of read
 * speech), streamed over gRPC in 20 ms chunks, wideband and through the phone band.
 */
@QuarkusTest
class RecognizeAccuracyTest {
    /**
     * The model's published WER is 9.85% on LibriSpeech test-clean (same kind of read audiobook speech). With ~100
     * reference words each error moves the rate by ~1%, so 15% allows the published rate plus ~5 errors of
     * sampling noise while still failing on a real regression (wrong rate, dropped or reordered chunks).
     */
    private static final double MAX_WIDEBAND_WER = 0.15;
    /** Phone band loses everything above 4 kHz and adds μ-law noise; Vosk loses roughly half again. */
    private static final double MAX_PHONE_WER = 0.25;

    @TestHTTPResource("/")
    URL server;
    @Inject
    MeterRegistry meters;
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
    void librivox_wideband_werBelowBound() {
        WordErrorRate wer = run(false);
        assertTrue(wer.referenceWords() > 50, "too few reference words: " + wer.referenceWords());
        assertTrue(wer.rate() < MAX_WIDEBAND_WER, "WER " + wer.rate());
    }

    @Test
    void librivox_phoneBand_werBelowBound() {
        WordErrorRate wer = run(true);
        assertTrue(wer.rate() < MAX_PHONE_WER, "WER " + wer.rate());
    }

    private WordErrorRate run(boolean phone) {
        Map<String, String> references = TestAudio.librivoxTranscripts();
        assertEquals(5, references.size());
        WordErrorRate wer = new WordErrorRate();
        long audioMs = 0;
        double engineBefore = engineSeconds();
        double cpuBefore = cpuSeconds();
        long wallStart = System.nanoTime();
        for (Map.Entry<String, String> clip : references.entrySet()) {
            Wav.Clip wav = TestAudio.librivox(clip.getKey());
            assertEquals(16000, wav.sampleRate());
            short[] pcm = phone ? TestAudio.phoneBand(wav.samples()) : wav.samples();
            int rate = phone ? 8000 : 16000;
            SttClient.Call call = client.open().config("acme", "wer-" + clip.getKey(), rate)
                    .audio(TestAudio.chunks(pcm, rate, 20)).flush(1);
            call.awaitFlushFinal(1);
            call.complete();
            call.awaitEnd();
            String hypothesis = call.finals().stream().map(Transcript::getText).collect(Collectors.joining(" "));
            wer.add(clip.getValue(), hypothesis);
            audioMs += TestAudio.millis(pcm, rate);
            System.out.printf("  %s%n    ref: %s%n    hyp: %s%n", clip.getKey(), clip.getValue(), hypothesis);
        }
        double wallRtf = (System.nanoTime() - wallStart) / 1e6 / audioMs;
        double engineRtf = (engineSeconds() - engineBefore) * 1000 / audioMs;
        double cpuRtf = (cpuSeconds() - cpuBefore) * 1000 / audioMs;
        System.out.printf("librivox %s: WER %.1f%% (%d errors / %d words) over %.1f s of audio; "
                        + "real-time factor: engine CPU %.3f, engine wall %.3f, end-to-end over gRPC %.3f%n",
                phone ? "phone band (8 kHz mu-law)" : "wideband (16 kHz)", wer.rate() * 100, wer.errors(),
                wer.referenceWords(), audioMs / 1000.0, cpuRtf, engineRtf, wallRtf);
        return wer;
    }

    private double cpuSeconds() {
        return meters.get("parley.stt.engine.cpu").counter().count();
    }

    private double engineSeconds() {
        return meters.get("parley.stt.engine").timer().totalTime(TimeUnit.SECONDS);
    }
}
