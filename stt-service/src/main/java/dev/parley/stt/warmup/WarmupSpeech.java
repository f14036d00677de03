package dev.parley.stt.warmup;

import dev.parley.audio.Resampler;
import dev.parley.audio.Wav;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The audio the warm-up streams: a sentence spoken by flite when it is installed (real speech, so the decoder runs
 * its word search as in a call), otherwise a generated voiced signal that still drives every Java and native path.
 * Made in memory at startup: no audio file ships with the service.
 */
final class WarmupSpeech {
    private static final Logger LOG = Logger.getLogger(WarmupSpeech.class);
    static final int RATE = 16_000;

    /** The samples at 16 kHz and where they came from ("flite" or "generated"). */
    record Audio(short[] pcm16k, String source) {
    }

    private WarmupSpeech() {
    }

    static Audio make(String flite, String sentence) {
        try {
            return new Audio(flite(flite, sentence), "flite");
        } catch (IOException | RuntimeException e) {
            LOG.infof("stt warm-up: no flite speech (%s); using a generated voiced signal", e.getMessage());
            return new Audio(generated(), "generated");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Audio(generated(), "generated");
        }
    }

    static short[] flite(String command, String sentence) throws IOException, InterruptedException {
        Path wav = Files.createTempFile("parley-stt-warmup", ".wav");
        try {
            Process p = new ProcessBuilder(command, "-voice", "kal16", "-t", sentence, "-o", wav.toString())
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(command + " failed: " + output.strip());
            }
            Wav.Clip clip = Wav.read(wav);
            return clip.sampleRate() == RATE ? clip.samples() : Resampler.convert(clip.samples(), clip.sampleRate(), RATE);
        } finally {
            Files.deleteIfExists(wav);
        }
    }

    /** About 2.5 s of syllable-like bursts: a gliding pitch with harmonics and formant-ish weights, over faint noise. */
    static short[] generated() {
        Random noise = new Random(42);
        short[] out = new short[RATE * 5 / 2];
        double phase = 0;
        for (int i = 0; i < out.length; i++) {
            double t = (double) i / RATE;
            double syllable = (t * 4) % 1.0;
            double envelope = t < 0.2 || t > 2.3 ? 0 : Math.max(0, Math.sin(Math.PI * Math.min(1, syllable / 0.8)));
            double pitch = 110 + 30 * Math.sin(2 * Math.PI * 0.7 * t);
            phase += 2 * Math.PI * pitch / RATE;
            double voiced = 0;
            for (int h = 1; h <= 12; h++) {
                double f = h * pitch;
                double weight = Math.exp(-Math.pow((f - 700) / 300, 2)) + 0.6 * Math.exp(-Math.pow((f - 1200) / 400, 2));
                voiced += weight * Math.sin(h * phase) / h;
            }
            out[i] = (short) Math.max(-32768, Math.min(32767, 9000 * envelope * voiced + 80 * noise.nextGaussian()));
        }
        return out;
    }
}
