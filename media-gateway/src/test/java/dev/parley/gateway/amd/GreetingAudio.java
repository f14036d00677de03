package dev.parley.gateway.amd;

import dev.parley.audio.MuLaw;
import dev.parley.audio.Wav;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Turns a {@link Greeting} into what the detector hears on the phone: the text spoken by a Debian TTS engine
 * (flite, espeak-ng, festival; "engine:voice@0.8" makes it speak at 0.8 times its rate), band-limited and resampled
 * to 8 kHz by sox, trimmed of the engine's own silence, then the lead silence, the greeting at a phone level, the
 * beep, 6 s of silence, all over line noise and μ-law encoded. Synthesis is cached under target/amd-corpus (keyed
 * by voice and text) so reruns cost nothing.
 */
public final class GreetingAudio {
    static final int RATE = 8_000;
    static final int TAIL_MS = 6_000;
    private static final double SPEECH_RMS_DBFS = -20;
    private static final double BEEP_DBFS = -12;
    private static final double NOISE_DBFS = -65;
    private static final Path CACHE = Path.of(System.getProperty("amd.cache", "target/amd-corpus"));

    /** The call audio and where, in it, the greeting's speech and beep end. */
    public record Clip(byte[] ulaw, long speechEndMs, long beepEndMs) {
    }

    private GreetingAudio() {
    }

    /** A line in the greeting lists' format ("MACHINE | espeak:en-us | 300 | 1000/500/500 | text"), rendered. */
    public static Clip render(String greetingLine, long seed) throws IOException, InterruptedException {
        return render(Greeting.parse(greetingLine), seed);
    }

    static Clip render(Greeting g, long seed) throws IOException, InterruptedException {
        short[] speech = level(speech(g.voice(), g.text()), SPEECH_RMS_DBFS);
        int lead = samples(g.leadMs());
        int gap = g.beeps() ? samples(g.beepGapMs()) : 0;
        int beep = g.beeps() ? samples(g.beepMs()) : 0;
        double[] mix = new double[lead + speech.length + gap + beep + samples(TAIL_MS)];
        for (int i = 0; i < speech.length; i++) {
            mix[lead + i] = speech[i];
        }
        double amplitude = Math.pow(10, BEEP_DBFS / 20) * 32768 * Math.sqrt(2);
        int beepStart = lead + speech.length + gap;
        for (int i = 0; i < beep; i++) {
            // 5 ms ramps like a real beep; a hard edge would splatter energy outside the tone.
            double ramp = Math.min(1, Math.min(i, beep - 1 - i) / (RATE * 0.005));
            mix[beepStart + i] = amplitude * ramp * Math.sin(2 * Math.PI * g.beepHz() * i / RATE);
        }
        Random noise = new Random(seed);
        double noiseRms = Math.pow(10, NOISE_DBFS / 20) * 32768;
        short[] pcm = new short[mix.length];
        for (int i = 0; i < mix.length; i++) {
            pcm[i] = (short) Math.max(-32768, Math.min(32767, Math.round(mix[i] + noise.nextGaussian() * noiseRms)));
        }
        long speechEnd = (lead + speech.length) * 1000L / RATE;
        long beepEnd = g.beeps() ? (beepStart + beep) * 1000L / RATE : -1;
        return new Clip(MuLaw.encode(pcm), speechEnd, beepEnd);
    }

    /** The text spoken by the voice, 8 kHz, without leading or trailing silence. */
    public static short[] speech(String voice, String text) throws IOException, InterruptedException {
        return speech(voice, text, true);
    }

    /**
     * The text as the engine spoke it, only resampled to 8 kHz: no telephone band-pass, no trim, as the e2e
     * benchmarks' simulated caller sends it (a voice's first, faint sound lies below the -45 dB trim, and some
     * voices' low band changes what the VAD makes of them).
     */
    public static short[] asSynthesized(String voice, String text) throws IOException, InterruptedException {
        return speech(voice, text, false);
    }

    private static short[] speech(String voice, String text, boolean shaped) throws IOException, InterruptedException {
        Path cached = CACHE.resolve(key(voice + "|" + text) + (shaped ? "" : "-as-synthesized") + ".wav");
        if (!Files.isRegularFile(cached)) {
            Files.createDirectories(CACHE);
            Path raw = Files.createTempFile(CACHE, "tts", ".wav");
            Path tmp = Files.createTempFile(CACHE, "8k", ".wav");
            try {
                int at = voice.indexOf('@');
                run(synthesis(at < 0 ? voice : voice.substring(0, at), text, raw));
                // Telephone band, 8 kHz, engine silence trimmed at both ends (so lead silence is exactly the list's).
                List<String> sox = new ArrayList<>(List.of("sox", raw.toString(), "-r", "8000", "-c", "1", "-b", "16",
                        tmp.toString()));
                if (shaped) {
                    sox.addAll(List.of("sinc", "300-3400", "silence", "1", "0.01", "-45d", "reverse", "silence", "1",
                            "0.01", "-45d", "reverse"));
                }
                if (at >= 0) {
                    // "voice@0.8": the same voice speaking at 0.8 times its rate (pitch kept), a slower speaker.
                    sox.addAll(List.of("tempo", "-s", voice.substring(at + 1)));
                }
                run(sox);
                Files.move(tmp, cached);
            } finally {
                Files.deleteIfExists(raw);
                Files.deleteIfExists(tmp);
            }
        }
        Wav.Clip clip = Wav.read(cached);
        if (clip.sampleRate() != RATE) {
            throw new IllegalStateException(cached + " is not 8 kHz");
        }
        return clip.samples();
    }

    private static List<String> synthesis(String voice, String text, Path out) {
        String engine = voice.substring(0, voice.indexOf(':'));
        String name = voice.substring(voice.indexOf(':') + 1);
        return switch (engine) {
            case "flite" -> List.of("flite", "-voice", name, "-t", text, "-o", out.toString());
            case "espeak" -> List.of("espeak-ng", "-v", name, "-w", out.toString(), text);
            // text2wave reads the text from a file; its default voice is the HTS one named in the lists.
            case "festival" -> List.of("sh", "-c", "printf '%s' \"$1\" | text2wave -o \"$2\"", "sh", text,
                    out.toString());
            default -> throw new IllegalArgumentException("unknown TTS engine in " + voice);
        };
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static short[] level(short[] pcm, double rmsDbfs) {
        double sum = 0;
        for (short s : pcm) {
            sum += (double) s * s;
        }
        double gain = Math.pow(10, rmsDbfs / 20) * 32768 / Math.sqrt(sum / Math.max(1, pcm.length));
        short[] out = new short[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            out[i] = (short) Math.max(-32768, Math.min(32767, Math.round(pcm[i] * gain)));
        }
        return out;
    }

    private static int samples(int ms) {
        return ms * RATE / 1000;
    }

    private static String key(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
