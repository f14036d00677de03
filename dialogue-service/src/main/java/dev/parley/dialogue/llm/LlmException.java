package dev.parley.dialogue.llm;

/** The provider refused or broke the request: HTTP status (0 when none), and its own error message. */
public class LlmException extends RuntimeException {

    private final int status;

    public LlmException(int status, String message) {
        super(message);
        this.status = status;
    }

    public LlmException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    public int status() {
        return status;
    }
}
