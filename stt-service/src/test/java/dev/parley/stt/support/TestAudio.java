package dev.parley.stt.support;

import dev.parley.audio.MuLaw;
import dev.parley.audio.Pcm16;
import dev.parley.audio.Resampler;
import dev.parley.audio.Wav;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Real recordings from the Debian package pocketsphinx-testdata, and their phone-band versions. */
public final class TestAudio {
    public static final Path DATA = Path.of(System.getProperty("parley.testdata.dir",
            "/usr/share/pocketsphinx/test/data"));
    public static final String GO_FORWARD_TEXT = "go forward ten meters";
    private static final Pattern TRANSCRIPT_LINE = Pattern.compile("<s>(.*)</s>\\s*\\(([^)]+)\\)");

    private TestAudio() {
    }

    /** "go forward ten meters", 16 kHz PCM16 LE raw, 2.79 s. */
    public static short[] goForward16k() {
        try {
            return Pcm16.fromBytes(Files.readAllBytes(DATA.resolve("goforward.raw")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Wav.Clip librivox(String id) {
        try {
            return Wav.read(DATA.resolve("librivox").resolve(id + ".wav"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reference transcriptions of the LibriVox clips, by clip id, in file order. */
    public static Map<String, String> librivoxTranscripts() {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(DATA.resolve("librivox/transcription"))) {
                Matcher m = TRANSCRIPT_LINE.matcher(line);
                if (m.find()) {
                    out.put(m.group(2).trim(), m.group(1).trim().toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** What a phone call carries: 8 kHz, through G.711 μ-law and back. */
    public static short[] phoneBand(short[] pcm16k) {
        short[] narrow = Resampler.convert(pcm16k, 16000, 8000);
        return MuLaw.decode(MuLaw.encode(narrow));
    }

    /** Splits audio into PCM16 LE chunks of {@code ms} milliseconds. */
    public static List<byte[]> chunks(short[] pcm, int rate, int ms) {
        int n = rate * ms / 1000;
        List<byte[]> out = new ArrayList<>();
        for (int off = 0; off < pcm.length; off += n) {
            out.add(Pcm16.toBytes(pcm, off, Math.min(n, pcm.length - off)));
        }
        return out;
    }

    public static long millis(short[] pcm, int rate) {
        return Pcm16.millis(pcm.length, rate);
    }
}
