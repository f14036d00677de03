package dev.parley.dialogue.tools.webhook;

/** A webhook tool could not give an answer: refused, unreachable, too slow, or answered with something unusable. */
public final class WebhookException extends RuntimeException {

    public WebhookException(String message) {
        super(message);
    }

    public WebhookException(String message, Throwable cause) {
        super(message, cause);
    }
}
