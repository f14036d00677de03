package dev.parley.dialogue.resume;

/** A resume state that cannot be used: it does not parse, is of an unknown version, or is another call's. */
public final class InvalidStateException extends Exception {

    public InvalidStateException(String message) {
        super(message);
    }

    public InvalidStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
