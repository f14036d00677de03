package dev.parley.stt.denoise;

import dev.parley.audio.Resampler;
import dev.parley.stt.callers.NoisyLine;
import dev.parley.stt.recognizer.Recognition;
import dev.parley.stt.recognizer.RecognitionStream;
import dev.parley.stt.recognizer.StreamSpec;
import dev.parley.stt.support.Models;
import dev.parley.stt.support.TestAudio;
import dev.parley.stt.vosk.VoskRecognizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The suppressor in front of the real Vosk engine, as the service wires it. */
class DenoisingRecognizerTest {
    private static VoskRecognizer vosk;

    @BeforeAll
    static void load() {
        assumeTrue(SpeexDsp.available(), "libspeexdsp is not installed (Debian libspeexdsp1, deploy/local/"
                + "install-deps.sh installs it): noise suppression tests skipped");
        vosk = VoskRecognizer.load("vosk", Models.voskModelDir(), "en-US");
        assertTrue(vosk.ready(), () -> vosk.loadError().orElse(""));
    }

    @AfterAll
    static void close() {
        if (vosk != null) {
            vosk.close();
        }
    }

    private static StreamSpec spec(String tenant) {
        return new StreamSpec(tenant, "call-1", 16_000, "en-US");
    }

    @Test
    void tenantOverridesTheGlobalSwitch() {
        DenoisingRecognizer offButAcme = new DenoisingRecognizer(vosk, false, Map.of("acme", true), -25);
        assertTrue(offButAcme.usedAtAll());
        assertTrue(offButAcme.enabledFor("acme"));
        assertFalse(offButAcme.enabledFor("brightsmile"));
        DenoisingRecognizer onButAcme = new DenoisingRecognizer(vosk, true, Map.of("acme", false), -25);
        assertFalse(onButAcme.enabledFor("acme"));
        assertTrue(onButAcme.enabledFor("brightsmile"));
        assertFalse(new DenoisingRecognizer(vosk, false, Map.of("acme", false), -25).usedAtAll());
        try (RecognitionStream plain = offButAcme.open(spec("brightsmile"));
             RecognitionStream denoised = offButAcme.open(spec("acme"))) {
            assertFalse(plain instanceof DenoisedStream, "off for brightsmile: the engine's own stream");
            assertInstanceOf(DenoisedStream.class, denoised);
        }
    }

    @Test
    void recognizesAPhoneLineInOfficeNoise() {
        short[] phone = TestAudio.phoneBand(TestAudio.goForward16k());
        short[] noisy8k = NoisyLine.mix(phone, NoisyLine.officeNoise(), 40_000, 15, NoisyLine.RATE * 3, 0);
        short[] noisy = Resampler.convert(noisy8k, 8_000, 16_000);
        DenoisingRecognizer denoising = new DenoisingRecognizer(vosk, true, Map.of(), -25);
        try (RecognitionStream s = denoising.open(spec("acme"))) {
            // 30 ms chunks: never a whole number of 20 ms frames, so a tail is carried and drained on finish.
            StringBuilder text = new StringBuilder();
            for (int off = 0; off < noisy.length; off += 480) {
                Recognition r = s.accept(Arrays.copyOfRange(noisy, off, Math.min(noisy.length, off + 480)));
                if (r.isFinal()) {
                    text.append(r.text()).append(' ');
                }
            }
            text.append(s.finish().text());
            assertEquals(TestAudio.GO_FORWARD_TEXT, text.toString().strip());
        }
    }

    @Test
    void closingTheStreamClosesTheEngineStreamOnce() {
        DenoisingRecognizer denoising = new DenoisingRecognizer(vosk, true, Map.of(), -25);
        RecognitionStream s = denoising.open(spec("acme"));
        s.close();
        s.close();
        assertThrows(IllegalStateException.class, () -> s.accept(new short[640]));
    }
}
