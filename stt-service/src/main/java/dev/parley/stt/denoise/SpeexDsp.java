package dev.parley.stt.denoise;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * libspeexdsp's preprocessor (Debian package libspeexdsp1), bound through JNA as Vosk binds libvosk. Loaded on first
 * use only, so a service with suppression off never needs the library.
 */
final class SpeexDsp {
    /** Request codes of {@code speex_preprocess_ctl} (speex/speex_preprocess.h). */
    static final int SET_DENOISE = 0;
    static final int SET_AGC = 2;
    static final int SET_DEREVERB = 8;
    static final int SET_NOISE_SUPPRESS = 18;

    /** The C API used here; states are opaque pointers, frames are processed in place. */
    interface Api extends Library {
        Pointer speex_preprocess_state_init(int frameSize, int samplingRate);

        void speex_preprocess_state_destroy(Pointer state);

        int speex_preprocess_run(Pointer state, short[] frame);

        int speex_preprocess_ctl(Pointer state, int request, IntByReference value);
    }

    private static final Object LOCK = new Object();
    private static Api api;
    private static String loadError;

    private SpeexDsp() {
    }

    /**
     * The loaded library.
     *
     * @throws IllegalStateException saying what is missing when it cannot be loaded
     */
    static Api api() {
        synchronized (LOCK) {
            if (api == null && loadError == null) {
                load();
            }
            if (api == null) {
                throw new IllegalStateException(loadError);
            }
            return api;
        }
    }

    /** Whether the library can be loaded here (tests skip without it). */
    static boolean available() {
        try {
            api();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static void load() {
        // Without the -dev package there is no unversioned libspeexdsp.so: fall back to the runtime soname.
        UnsatisfiedLinkError first = null;
        for (String name : new String[]{"speexdsp", "libspeexdsp.so.1"}) {
            try {
                api = Native.load(name, Api.class);
                return;
            } catch (UnsatisfiedLinkError e) {
                first = first == null ? e : first;
            }
        }
        loadError = "libspeexdsp could not be loaded (install the Debian package libspeexdsp1, "
                + "deploy/local/install-deps.sh does): " + first.getMessage();
    }
}
