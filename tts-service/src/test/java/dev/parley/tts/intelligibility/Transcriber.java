package dev.parley.tts.intelligibility;

import dev.parley.audio.MuLaw;
import dev.parley.audio.Pcm16;
import dev.parley.audio.Resampler;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Transcribes speech with Vosk, after passing it through the phone band: resampled to 8 kHz, G.711 μ-law encoded and
 * decoded, as a caller on a phone line hears it. The model comes from {@code parley.models.dir} (set by surefire).
 */
public final class Transcriber implements AutoCloseable {
    private static final Pattern TEXT = Pattern.compile("\"text\"\\s*:\\s*\"([^\"]*)\"");
    private static final int PHONE_RATE = 8000;
    private static final int MODEL_RATE = 16000;

    private final Model model;

    public Transcriber() throws IOException {
        String dir = System.getProperty("parley.models.dir");
        if (dir == null) {
            throw new IllegalStateException("system property parley.models.dir is not set (surefire sets it)");
        }
        Path modelDir = Path.of(dir, "vosk-model-en-us");
        if (!Files.isDirectory(modelDir)) {
            throw new IllegalStateException("no Vosk model at " + modelDir + " (build the models module)");
        }
        LibVosk.setLogLevel(LogLevel.WARNINGS);
        this.model = new Model(modelDir.toString());
    }

    /**
     * What a phone caller would hear: 8 kHz μ-law round trip, with 300 ms of line silence either side (a phrase is
     * heard after a pause, and a recognizer needs a moment of silence to settle before the first word).
     */
    public static short[] phoneBand(short[] samples, int rate) {
        short[] narrow = Resampler.convert(samples, rate, PHONE_RATE);
        int pad = PHONE_RATE * 300 / 1000;
        short[] padded = new short[narrow.length + 2 * pad];
        System.arraycopy(narrow, 0, padded, pad, narrow.length);
        return MuLaw.decode(MuLaw.encode(padded));
    }

    /** What a browser caller would hear: 16 kHz, with the same padding as {@link #phoneBand}. */
    public static short[] wideBand(short[] samples, int rate) {
        short[] wide = Resampler.convert(samples, rate, MODEL_RATE);
        int pad = MODEL_RATE * 300 / 1000;
        short[] padded = new short[wide.length + 2 * pad];
        System.arraycopy(wide, 0, padded, pad, wide.length);
        return padded;
    }

    /** Transcript of 8 kHz PCM16 audio (upsampled to the model's 16 kHz, as stt-service does). */
    public String transcribePhone(short[] phoneAudio) throws IOException {
        return transcribe(Resampler.convert(phoneAudio, PHONE_RATE, MODEL_RATE));
    }

    /** Transcript of 16 kHz PCM16 audio. */
    public String transcribe(short[] audio16k) throws IOException {
        try (Recognizer r = new Recognizer(model, MODEL_RATE)) {
            byte[] bytes = Pcm16.toBytes(audio16k);
            int chunk = 3200;
            StringBuilder text = new StringBuilder();
            for (int off = 0; off < bytes.length; off += chunk) {
                int len = Math.min(chunk, bytes.length - off);
                byte[] part = new byte[len];
                System.arraycopy(bytes, off, part, 0, len);
                if (r.acceptWaveForm(part, len)) {
                    append(text, r.getResult()); // Vosk closed a segment at a pause
                }
            }
            append(text, r.getFinalResult());
            return text.toString().strip();
        }
    }

    private static void append(StringBuilder text, String json) {
        Matcher m = TEXT.matcher(json);
        if (m.find() && !m.group(1).isBlank()) {
            text.append(' ').append(m.group(1));
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
