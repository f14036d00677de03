package dev.parley.tts.engine;

import java.util.Set;

/** A speech engine: one phrase of (already normalized) text in, PCM16 audio out. Implementations are thread-safe. */
public interface SpeechSynthesizer extends AutoCloseable {

    /** Short stable name, reported in audio chunks, metrics and events ("flite", "festival"). */
    String name();

    /** Voices this engine can speak. */
    Set<String> voices();

    /** Whether the engine can synthesize now (its library loaded, its processes running or restartable). */
    boolean isAvailable();

    /**
     * Synthesizes one phrase; blocks the calling (worker) thread. {@code voice} is one of {@link #voices()} or
     * null for the engine's default voice. Fails with {@link SynthesisException}, including on timeout.
     */
    SynthesizedAudio synthesize(String text, String voice) throws SynthesisException;

    @Override
    default void close() {
    }
}
