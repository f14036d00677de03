package dev.parley.stt.recognizer;

import dev.parley.contracts.events.EngineFallback;
import dev.parley.events.EventPublisher;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Ordered chain of engines. A stream is opened on the first engine that can open it; if that engine later throws,
 * the next one takes over for the rest of the stream (see {@link FallbackStream}). Every switch publishes an
 * {@link EngineFallback} event.
 */
public final class FallbackRecognizer implements SpeechRecognizer {
    static final String STAGE = "stt";
    private static final Logger LOG = Logger.getLogger(FallbackRecognizer.class);

    private final List<SpeechRecognizer> chain;
    private final EventPublisher events;
    private final long maxReplayMs;

    /**
     * @param maxReplayMs how much audio of the current utterance is kept to replay into the next engine when one
     *                    fails mid-stream (bounds memory per stream)
     */
    public FallbackRecognizer(List<SpeechRecognizer> chain, EventPublisher events, long maxReplayMs) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("the engine chain is empty");
        }
        this.chain = List.copyOf(chain);
        this.events = events;
        this.maxReplayMs = maxReplayMs;
    }

    @Override
    public String name() {
        return chain.stream().map(SpeechRecognizer::name).collect(Collectors.joining(",", "fallback(", ")"));
    }

    @Override
    public boolean ready() {
        return chain.stream().anyMatch(SpeechRecognizer::ready);
    }

    @Override
    public boolean supports(String language) {
        return chain.stream().anyMatch(e -> e.supports(language));
    }

    /**
     * @throws IllegalArgumentException        when no engine recognizes the requested language
     * @throws RecognizerUnavailableException when every engine failed to open the stream
     */
    @Override
    public RecognitionStream open(StreamSpec spec) {
        List<SpeechRecognizer> candidates = chain.stream().filter(e -> e.supports(spec.language())).toList();
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("language '" + spec.language() + "' is not supported by any engine of "
                    + name());
        }
        FallbackStream stream = new FallbackStream(this, spec, candidates, maxReplayMs);
        stream.openFirstAvailable(0);
        return stream;
    }

    /** Opens {@code candidates[from..]} in order; returns the index of the engine that opened, with its stream. */
    Opened openFrom(StreamSpec spec, List<SpeechRecognizer> candidates, int from) {
        List<String> errors = new ArrayList<>();
        for (int i = from; i < candidates.size(); i++) {
            SpeechRecognizer engine = candidates.get(i);
            try {
                return new Opened(i, engine.open(spec));
            } catch (RuntimeException e) {
                reportFailure(spec, candidates, i, e);
                errors.add(engine.name() + ": " + e.getMessage());
            }
        }
        throw new RecognizerUnavailableException("no speech engine could serve call " + spec.callId() + " ("
                + String.join("; ", errors) + ")");
    }

    void reportFailure(StreamSpec spec, List<SpeechRecognizer> candidates, int failed, RuntimeException error) {
        String next = failed + 1 < candidates.size() ? candidates.get(failed + 1).name() : "none";
        String failedName = candidates.get(failed).name();
        LOG.warnf("stt engine %s failed for tenant=%s call=%s, next=%s: %s", failedName, spec.tenantId(),
                spec.callId(), next, error.toString());
        events.publish(new EngineFallback(spec.tenantId(), spec.callId(), Instant.now(), STAGE, failedName, next,
                String.valueOf(error.getMessage())));
    }

    record Opened(int index, RecognitionStream stream) {
    }
}
