package dev.parley.stt.callers;

import dev.parley.audio.MuLaw;
import dev.parley.audio.Resampler;
import dev.parley.audio.Wav;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Caller voices other than the agent's (festival slt): flite's kal16, rms and awb and espeak-ng, all installed by
 * deploy/local/install-deps.sh. Speech comes out at 8 kHz, the rate of the phone line.
 */
public final class Voices {
    public static final List<String> NAMES = List.of("flite-kal16", "flite-rms", "flite-awb", "espeak-ng");

    private Voices() {
    }

    /**
     * {@code text} spoken by voice {@code name} (one of {@link #NAMES}, or {@code espeak-ng:<voice>} for another
     * espeak-ng voice), resampled to 8 kHz (not yet through the line's μ-law).
     */
    public static short[] speak(String name, String text) throws IOException, InterruptedException {
        Path wav = Files.createTempFile("parley-noise-bench", ".wav");
        try {
            List<String> command = name.equals("espeak-ng")
                    ? List.of("espeak-ng", "-w", wav.toString(), text)
                    : name.startsWith("espeak-ng:")
                    ? List.of("espeak-ng", "-v", name.substring("espeak-ng:".length()), "-w", wav.toString(), text)
                    : List.of("flite", "-voice", name.substring("flite-".length()), "-t", text, "-o", wav.toString());
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed: " + output.strip());
            }
            Wav.Clip clip = Wav.read(wav);
            return Resampler.convert(clip.samples(), clip.sampleRate(), NoisyLine.RATE);
        } finally {
            Files.deleteIfExists(wav);
        }
    }

    /** What the gateway hands stt: the line's G.711 μ-law decoded, upsampled to 16 kHz. */
    public static short[] throughTheLine(short[] pcm8k) {
        return Resampler.convert(MuLaw.decode(MuLaw.encode(pcm8k)), NoisyLine.RATE, 16_000);
    }
}
