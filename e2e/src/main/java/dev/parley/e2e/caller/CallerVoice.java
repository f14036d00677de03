package dev.parley.e2e.caller;

import dev.parley.audio.MuLaw;
import dev.parley.audio.Pcm16;
import dev.parley.audio.Resampler;
import dev.parley.audio.Wav;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The simulated caller's voice: flite synthesizes each utterance, which becomes 8 kHz μ-law as a phone network would
 * carry it. The voice must differ from the agent's (festival/flite slt, female) so a transcript can never be confused
 * with an echo of the agent. Measured through the phone path (flite, 8 kHz μ-law, back to 16 kHz, Vosk en-us) on eight
 * service-style sentences: rms 1.9% WER, kal16 3.8%, kal 5.7%, awb 13%, slt 17% — hence rms.
 */
public final class CallerVoice {
    public static final String DEFAULT_VOICE = "rms";
    private static final int PHONE_RATE = 8000;
    private static final int FRAME_SAMPLES = 160;
    /** Frames quieter than this are the synthesizer's lead-in and tail, not speech. */
    private static final double SPEECH_DBFS = -50;

    private final String voice;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public CallerVoice() {
        this(DEFAULT_VOICE);
    }

    public CallerVoice(String voice) {
        this.voice = voice;
    }

    public String voice() {
        return voice;
    }

    /**
     * The utterance as 8 kHz μ-law, trimmed to whole 20 ms frames from the first to the last audible frame, so the
     * moment the last frame is sent is the true end of speech.
     */
    public byte[] speak(String text) {
        return cache.computeIfAbsent(text, this::synthesize).clone();
    }

    private byte[] synthesize(String text) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("parley-caller-voice");
            Path textFile = dir.resolve("utterance.txt");
            Path wav = dir.resolve("utterance.wav");
            Files.writeString(textFile, text, StandardCharsets.UTF_8);
            Process flite = new ProcessBuilder("flite", "-voice", voice, "-f", textFile.toString(), "-o", wav.toString())
                    .redirectErrorStream(true).start();
            String output = new String(flite.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!flite.waitFor(60, TimeUnit.SECONDS) || flite.exitValue() != 0 || !Files.exists(wav)) {
                throw new IllegalStateException("flite -voice " + voice + " failed for \"" + text + "\": " + output);
            }
            Wav.Clip clip = Wav.read(wav);
            short[] phone = trimToSpeech(Resampler.convert(clip.samples(), clip.sampleRate(), PHONE_RATE));
            if (phone.length == 0) {
                throw new IllegalStateException("flite produced silence for \"" + text + "\"");
            }
            return MuLaw.encode(phone);
        } catch (IOException e) {
            throw new IllegalStateException("cannot synthesize \"" + text + "\" (is the Debian package flite installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while synthesizing \"" + text + "\"", e);
        } finally {
            deleteQuietly(dir);
        }
    }

    static short[] trimToSpeech(short[] pcm) {
        int frames = pcm.length / FRAME_SAMPLES;
        int first = -1;
        int last = -1;
        for (int f = 0; f < frames; f++) {
            if (Pcm16.rmsDbfs(pcm, f * FRAME_SAMPLES, FRAME_SAMPLES) > SPEECH_DBFS) {
                if (first < 0) {
                    first = f;
                }
                last = f;
            }
        }
        if (first < 0) {
            return new short[0];
        }
        return Arrays.copyOfRange(pcm, first * FRAME_SAMPLES, (last + 1) * FRAME_SAMPLES);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // A leftover temp file is harmless; the utterance itself was produced.
        }
    }
}
