package dev.parley.stt.recognizer;

/** A speech-to-text engine: opens one {@link RecognitionStream} per call. Implementations are thread-safe. */
public interface SpeechRecognizer {

    String name();

    /** Whether the engine can open streams now (its model is loaded, its endpoint configured...). */
    boolean ready();

    /** Whether the engine recognizes {@code language} (a BCP-47 tag; empty means "the engine's default"). */
    boolean supports(String language);

    /**
     * Opens a stream for one call.
     *
     * @throws RecognizerUnavailableException when the engine cannot serve the stream
     */
    RecognitionStream open(StreamSpec spec);
}
