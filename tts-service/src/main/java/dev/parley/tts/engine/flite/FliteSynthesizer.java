package dev.parley.tts.engine.flite;

import com.sun.jna.Pointer;
import dev.parley.tts.engine.SpeechSynthesizer;
import dev.parley.tts.engine.SynthesisException;
import dev.parley.tts.engine.SynthesizedAudio;
import org.jboss.logging.Logger;

import java.util.Set;

/**
 * flite in-process through JNA: no process start, ~10-30 ms of CPU per sentence, so one serialized library
 * serves dozens of concurrent calls. Text must be plain ASCII words and punctuation (the normalizer guarantees it).
 */
public final class FliteSynthesizer implements SpeechSynthesizer {
    private static final Logger LOG = Logger.getLogger(FliteSynthesizer.class);
    /** Voices shipped by Debian libflite1 (kal16 is the 16 kHz diphone voice; kal is 8 kHz). */
    public static final Set<String> VOICES = Set.of("kal16", "kal", "slt", "rms", "awb");

    private final String defaultVoice;
    private final FliteLibrary flite;
    private final String unavailableReason;

    /** Loads the library and the default voice; if that fails the engine reports itself unavailable. */
    public FliteSynthesizer(String libraryDir, String defaultVoice) {
        if (!VOICES.contains(defaultVoice)) {
            throw new IllegalArgumentException("unknown flite voice '" + defaultVoice + "'; known: " + VOICES);
        }
        this.defaultVoice = defaultVoice;
        FliteLibrary lib = null;
        String reason = null;
        try {
            lib = FliteLibrary.load(libraryDir);
            lib.voice(defaultVoice);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            reason = "flite or its voice '" + defaultVoice + "' could not be loaded: " + e.getMessage();
            LOG.warn(reason);
        }
        this.flite = lib;
        this.unavailableReason = reason;
    }

    @Override
    public String name() {
        return "flite";
    }

    @Override
    public Set<String> voices() {
        return VOICES;
    }

    @Override
    public boolean isAvailable() {
        return unavailableReason == null;
    }

    @Override
    public SynthesizedAudio synthesize(String text, String voice) throws SynthesisException {
        if (unavailableReason != null) {
            throw new SynthesisException(unavailableReason);
        }
        String name = voice == null ? defaultVoice : voice;
        if (!VOICES.contains(name)) {
            throw new SynthesisException("unknown flite voice '" + name + "'");
        }
        try {
            Pointer v = flite.voice(name);
            int[] rate = new int[1];
            short[] samples = flite.textToWave(text, v, rate);
            if (samples.length == 0) {
                throw new SynthesisException("flite produced no audio for a phrase of " + text.length() + " chars");
            }
            return new SynthesizedAudio(samples, rate[0], name());
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            throw new SynthesisException("flite failed: " + e.getMessage(), e);
        }
    }
}
