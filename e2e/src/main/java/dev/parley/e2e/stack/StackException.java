package dev.parley.e2e.stack;

/** The stack could not be started or stopped; the message says which piece failed and shows its log. */
public final class StackException extends RuntimeException {
    public StackException(String message) {
        super(message);
    }
}
