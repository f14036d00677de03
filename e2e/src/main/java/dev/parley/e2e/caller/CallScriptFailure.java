package dev.parley.e2e.caller;

/** A scripted call did not go as expected; the message names the step and carries the conversation so far. */
public final class CallScriptFailure extends RuntimeException {
    public CallScriptFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
