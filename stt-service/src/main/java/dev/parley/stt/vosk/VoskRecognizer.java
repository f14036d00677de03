package dev.parley.stt.vosk;

import dev.parley.stt.recognizer.RecognitionStream;
import dev.parley.stt.recognizer.RecognizerUnavailableException;
import dev.parley.stt.recognizer.SpeechRecognizer;
import dev.parley.stt.recognizer.StreamSpec;
import org.jboss.logging.Logger;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Vosk (Kaldi) engine. The model (~70 MB of native memory) is loaded once and shared by every stream; each
 * stream gets its own recognizer with per-word times and confidences. A model that fails to load leaves the engine
 * not ready: {@link #open} then fails with the load error, so a fallback chain can move on.
 */
public final class VoskRecognizer implements SpeechRecognizer, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(VoskRecognizer.class);
    private static final Pattern SAMPLE_FREQUENCY = Pattern.compile("--sample-frequency=(\\d+)");
    private static final int DEFAULT_MODEL_RATE = 16000;
    /** The digits-only pass's vocabulary; "[unk]" takes whatever else the caller says. */
    static final String DIGITS_GRAMMAR =
            "[\"zero oh one two three four five six seven eight nine double triple\", \"[unk]\"]";

    static {
        // Kaldi logs every model component at INFO to stderr; warnings are what an operator needs.
        LibVosk.setLogLevel(LogLevel.WARNINGS);
    }

    private final String name;
    private final Path modelDir;
    private final String language;
    private final Model model;
    private final String loadError;
    private final int modelRate;
    private final long loadMillis;
    private final AtomicBoolean closed = new AtomicBoolean();

    private VoskRecognizer(String name, Path modelDir, String language, Model model, String loadError, int modelRate,
                           long loadMillis) {
        this.name = name;
        this.modelDir = modelDir;
        this.language = language;
        this.model = model;
        this.loadError = loadError;
        this.modelRate = modelRate;
        this.loadMillis = loadMillis;
    }

    /** Loads the model in {@code modelDir} with its own decoder settings. */
    public static VoskRecognizer load(String name, Path modelDir, String language) {
        return load(name, modelDir, language, DecoderSettings.MODEL);
    }

    /**
     * Loads the model in {@code modelDir}, its decoder settings overridden by {@code decoder}; never throws: a
     * failure is kept and reported by {@link #open}.
     */
    public static VoskRecognizer load(String name, Path modelDir, String language, DecoderSettings decoder) {
        long start = System.nanoTime();
        try {
            if (!Files.isDirectory(modelDir)) {
                throw new IOException("model directory " + modelDir + " does not exist");
            }
            int rate = modelRate(modelDir);
            decoder.checkAgainst(modelConf(modelDir));
            Model model = decoder.isEmpty() ? new Model(modelDir.toString()) : loadView(modelDir, decoder);
            long millis = (System.nanoTime() - start) / 1_000_000;
            LOG.infof("stt engine %s: Vosk model %s loaded in %d ms (model rate %d Hz; decoder %s)", name, modelDir,
                    millis, rate, decoder.describe(modelConf(modelDir)));
            return new VoskRecognizer(name, modelDir, language, model, null, rate, millis);
        } catch (IOException | RuntimeException e) {
            String error = "Vosk model " + modelDir + " could not be loaded: " + e.getMessage();
            LOG.errorf("stt engine %s: %s", name, error);
            return new VoskRecognizer(name, modelDir, language, null, error, DEFAULT_MODEL_RATE, -1);
        }
    }

    /** Vosk reads every model file into memory at load, so the view can go before the first stream. */
    private static Model loadView(Path modelDir, DecoderSettings decoder) throws IOException {
        Path view = VoskModelView.create(modelDir, decoder.overrides());
        try {
            return new Model(view.toString());
        } finally {
            VoskModelView.delete(view);
        }
    }

    private static String modelConf(Path modelDir) throws IOException {
        Path conf = modelDir.resolve(VoskModelView.MODEL_CONF);
        return Files.isRegularFile(conf) ? Files.readString(conf) : "";
    }

    private static int modelRate(Path modelDir) throws IOException {
        Path mfcc = modelDir.resolve("conf/mfcc.conf");
        if (!Files.isRegularFile(mfcc)) {
            return DEFAULT_MODEL_RATE;
        }
        Matcher m = SAMPLE_FREQUENCY.matcher(Files.readString(mfcc));
        return m.find() ? Integer.parseInt(m.group(1)) : DEFAULT_MODEL_RATE;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean ready() {
        return model != null;
    }

    public Path modelDir() {
        return modelDir;
    }

    public Optional<String> loadError() {
        return Optional.ofNullable(loadError);
    }

    /** How long loading the model took, or -1 when it failed. */
    public long loadMillis() {
        return loadMillis;
    }

    public int modelRate() {
        return modelRate;
    }

    @Override
    public boolean supports(String requested) {
        return requested == null || requested.isBlank() || primary(requested).equals(primary(language));
    }

    private static String primary(String tag) {
        String lower = tag.toLowerCase(Locale.ROOT).replace('_', '-');
        int dash = lower.indexOf('-');
        return dash < 0 ? lower : lower.substring(0, dash);
    }

    @Override
    public RecognitionStream open(StreamSpec spec) {
        if (model == null) {
            throw new RecognizerUnavailableException(loadError);
        }
        Recognizer recognizer;
        try {
            recognizer = new Recognizer(model, modelRate);
        } catch (IOException | RuntimeException e) {
            throw new RecognizerUnavailableException("Vosk recognizer could not be created: " + e.getMessage(), e);
        }
        recognizer.setWords(true);
        // Only a model with a runtime grammar graph (HCLr + Gr, the small models) can restrict a pass to digits; with
        // a static graph a second pass would cost as much as the first and hear the same.
        Supplier<Recognizer> numbers = Files.isRegularFile(modelDir.resolve("graph/Gr.fst")) ? this::numbersPass : null;
        return new VoskStream(name, recognizer, numbers, spec.sampleRateHz(), modelRate);
    }

    /** A recognizer that knows only digits (and "[unk]" for anything else): see {@link VoskStream}. */
    private Recognizer numbersPass() {
        try {
            Recognizer numbers = new Recognizer(model, modelRate, DIGITS_GRAMMAR);
            numbers.setWords(true);
            return numbers;
        } catch (RuntimeException e) {
            throw new RecognizerUnavailableException("Vosk digits recognizer could not be created: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public void close() {
        if (model != null && closed.compareAndSet(false, true)) {
            model.close();
        }
    }
}
