package dev.parley.e2e.caller;

import dev.parley.audio.MuLaw;
import dev.parley.audio.Resampler;
import dev.parley.audio.Wav;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The agent's voice for tests: festival's HTS slt, as tts-service speaks, as 8 kHz μ-law and untrimmed — with the
 * lead-in and tail silence festival puts around speech, which the ear must not count as heard.
 */
public final class AgentSpeech {
    private AgentSpeech() {
    }

    public static byte[] say(String text) {
        try {
            Path dir = Files.createTempDirectory("agent-speech");
            Path txt = dir.resolve("t.txt");
            Path wav = dir.resolve("t.wav");
            Files.writeString(txt, text, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder("text2wave", "-eval", "(voice_cmu_us_slt_arctic_hts)", txt.toString(),
                    "-o", wav.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0 || !Files.exists(wav)) {
                throw new IllegalStateException("text2wave failed: " + out);
            }
            Wav.Clip clip = Wav.read(wav);
            Files.delete(txt);
            Files.delete(wav);
            Files.delete(dir);
            return MuLaw.encode(Resampler.convert(clip.samples(), clip.sampleRate(), 8000));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run festival's text2wave", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
