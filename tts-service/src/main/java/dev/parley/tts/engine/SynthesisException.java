package dev.parley.tts.engine;

/** An engine could not synthesize a phrase (failure or timeout); the fallback chain moves on to the next engine. */
public class SynthesisException extends Exception {

    public SynthesisException(String message) {
        super(message);
    }

    public SynthesisException(String message, Throwable cause) {
        super(message, cause);
    }
}
