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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The simulated caller's voice: flite (a flite voice name: rms, awb, kal16, kal) or espeak-ng ({@code espeak:} and a
 * voice with its variant, e.g. {@code espeak:en-us+m3}) synthesizes each utterance, which becomes 8 kHz μ-law as a
 * phone network would carry it. The voice must differ from the agent's (festival/flite slt, female) so a transcript
 * can never be confused with an echo of the agent. Measured through the phone path (flite, 8 kHz μ-law, back to 16 kHz, Vosk en-us) on eight
 * service-style sentences: rms 1.9% WER, kal16 3.8%, kal 5.7%, awb 13%, slt 17% — hence rms.
 */
public final class CallerVoice {
    public static final String DEFAULT_VOICE = "rms";
    /** Voices unlike the agent's (festival slt, a US female), for benchmarks that must not tune to one caller. */
    public static final List<String> OTHER_VOICES =
            List.of("rms", "awb", "kal16", "espeak:en-us+m3", "espeak:en-gb+f3");
    private static final String ESPEAK = "espeak:";
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
            Process synth = new ProcessBuilder(command(textFile, wav)).redirectErrorStream(true).start();
            String output = new String(synth.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!synth.waitFor(60, TimeUnit.SECONDS) || synth.exitValue() != 0 || !Files.exists(wav)) {
                throw new IllegalStateException(voice + " failed for \"" + text + "\": " + output);
            }
            Wav.Clip clip = Wav.read(wav);
            short[] phone = trimToSpeech(Resampler.convert(clip.samples(), clip.sampleRate(), PHONE_RATE));
            if (phone.length == 0) {
                throw new IllegalStateException("flite produced silence for \"" + text + "\"");
            }
            return MuLaw.encode(phone);
        } catch (IOException e) {
            throw new IllegalStateException("cannot synthesize \"" + text + "\" (are the Debian packages flite and "
                    + "espeak-ng installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while synthesizing \"" + text + "\"", e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private List<String> command(Path textFile, Path wav) {
        if (voice.startsWith(ESPEAK)) {
            // 150 words/min: a caller speaking calmly, not espeak's hurried default of 175.
            return List.of("espeak-ng", "-v", voice.substring(ESPEAK.length()), "-s", "150",
                    "-f", textFile.toString(), "-w", wav.toString());
        }
        return List.of("flite", "-voice", voice, "-f", textFile.toString(), "-o", wav.toString());
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
