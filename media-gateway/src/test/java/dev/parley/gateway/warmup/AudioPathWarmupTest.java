package dev.parley.gateway.warmup;

import dev.parley.gateway.vad.SileroVad;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The warm-up's made-up caller really drives Silero: quiet stretches score low, voiced bursts high. */
class AudioPathWarmupTest {
    private static SileroVad model;

    @BeforeAll
    static void load() throws Exception {
        model = new SileroVad(Path.of(System.getProperty("parley.models.dir")));
    }

    @AfterAll
    static void close() throws Exception {
        model.close();
    }

    @Test
    void everyFrameGoesThroughTheVadAndItHearsBothSilenceAndVoice() {
        AudioPathWarmup.Report report = AudioPathWarmup.run(model, 300);
        assertEquals(300, report.frames());
        assertTrue(report.minProbability() < 0.2f, "silence scored " + report.minProbability());
        assertTrue(report.maxProbability() > 0.5f, "voiced bursts scored at most " + report.maxProbability());
        assertEquals(300 * SileroVad.FRAME / 1600 * 800, report.phoneBytes(), "8 kHz μ-law of the agent side");
    }
}
