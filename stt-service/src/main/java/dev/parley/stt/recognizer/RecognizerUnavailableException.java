package dev.parley.stt.recognizer;

/** An engine cannot open a stream or failed in the middle of one. */
public class RecognizerUnavailableException extends RuntimeException {

    public RecognizerUnavailableException(String message) {
        super(message);
    }

    public RecognizerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
