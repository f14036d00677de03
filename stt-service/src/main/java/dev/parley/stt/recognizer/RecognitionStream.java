package dev.parley.stt.recognizer;

/**
 * One call's recognition state inside an engine. Not thread-safe: the caller feeds it from one thread at a time,
 * in audio order. Word times are relative to the first sample fed to this stream.
 */
public interface RecognitionStream extends AutoCloseable {

    /** Name of the engine currently producing results (changes when a fallback takes over). */
    String engine();

    /**
     * Feeds PCM16 samples at the stream's sample rate.
     *
     * @return a final when the engine's endpointing closed an utterance, otherwise the current partial
     *         (possibly unchanged or empty); never null
     */
    Recognition accept(short[] pcm);

    /**
     * Whether the caller is likely to read out a number next (the brain asked for one), from the next audio on. An
     * engine that can listen for digits as well as for anything does; one that cannot ignores it.
     */
    default void expectNumber(boolean expected) {
    }

    /** Closes the current utterance now and returns its final (empty text when nothing was heard). */
    Recognition finish();

    /** Releases the engine's resources; idempotent. */
    @Override
    void close();
}
