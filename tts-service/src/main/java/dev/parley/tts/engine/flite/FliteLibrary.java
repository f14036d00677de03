package dev.parley.tts.engine.flite;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The few entry points of the flite C library (Debian libflite1) this engine calls, bound through JNA. One instance
 * per process (flite's state is global), and calls into it are serialized: flite shares voices and an error jump
 * buffer between utterances. A {@code cst_wave} is
 * {@code { const char *type; int sample_rate; int num_samples; int num_channels; short *samples; }}.
 */
final class FliteLibrary {
    private static final long WAVE_SAMPLE_RATE = 8;
    private static final long WAVE_NUM_SAMPLES = 12;
    private static final long WAVE_NUM_CHANNELS = 16;
    private static final long WAVE_SAMPLES = 24;
    private static final Map<String, FliteLibrary> INSTANCES = new HashMap<>();

    /**
     * Strong references to every loaded library: JNA caches them weakly, and a collected NativeLibrary is
     * dlclose()d, unmapping the voice data flite still points into (a SIGSEGV at the next synthesis).
     */
    private final List<NativeLibrary> loaded = new CopyOnWriteArrayList<>();
    private final Map<String, Pointer> voices = new HashMap<>();
    private final String dir;
    private final Function textToWave;
    private final Function deleteWave;

    private FliteLibrary(String dir) {
        this.dir = dir;
        NativeLibrary flite = NativeLibrary.getInstance(path("libflite.so.1"));
        loaded.add(flite);
        flite.getFunction("flite_init").invokeVoid(new Object[0]);
        this.textToWave = flite.getFunction("flite_text_to_wave");
        this.deleteWave = flite.getFunction("delete_wave");
    }

    /** The library in {@code dir} (empty: the system library path), loaded and initialized once. */
    static synchronized FliteLibrary load(String dir) {
        String key = dir == null ? "" : dir;
        FliteLibrary lib = INSTANCES.get(key);
        if (lib == null) {
            lib = new FliteLibrary(key);
            INSTANCES.put(key, lib);
        }
        return lib;
    }

    /** The voice {@code cmu_us_<name>} from its own library ({@code libflite_cmu_us_<name>.so.1}), registered once. */
    synchronized Pointer voice(String name) {
        Pointer voice = voices.get(name);
        if (voice == null) {
            NativeLibrary lib = NativeLibrary.getInstance(path("libflite_cmu_us_" + name + ".so.1"));
            loaded.add(lib);
            voice = lib.getFunction("register_cmu_us_" + name).invokePointer(new Object[] {null});
            if (voice == null) {
                throw new IllegalStateException("register_cmu_us_" + name + " returned no voice");
            }
            voices.put(name, voice);
        }
        return voice;
    }

    /** Synthesizes ASCII text; returns mono samples and their rate, freeing the native wave. */
    synchronized short[] textToWave(String text, Pointer voice, int[] sampleRateOut) {
        Pointer wave = textToWave.invokePointer(new Object[] {text, voice});
        if (wave == null) {
            throw new IllegalStateException("flite_text_to_wave returned no wave");
        }
        try {
            int rate = wave.getInt(WAVE_SAMPLE_RATE);
            int samples = wave.getInt(WAVE_NUM_SAMPLES);
            int channels = Math.max(1, wave.getInt(WAVE_NUM_CHANNELS));
            Pointer data = wave.getPointer(WAVE_SAMPLES);
            sampleRateOut[0] = rate;
            if (samples <= 0 || data == null) {
                return new short[0];
            }
            short[] interleaved = data.getShortArray(0, samples * channels);
            return channels == 1 ? interleaved : firstChannel(interleaved, channels);
        } finally {
            deleteWave.invokeVoid(new Object[] {wave});
        }
    }

    private static short[] firstChannel(short[] interleaved, int channels) {
        short[] mono = new short[interleaved.length / channels];
        for (int i = 0; i < mono.length; i++) {
            mono[i] = interleaved[i * channels];
        }
        return mono;
    }

    private String path(String library) {
        return dir.isBlank() ? library : dir + "/" + library;
    }
}
