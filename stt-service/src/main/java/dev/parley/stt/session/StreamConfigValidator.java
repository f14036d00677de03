package dev.parley.stt.session;

import dev.parley.contracts.stt.v1.StreamConfig;
import dev.parley.stt.recognizer.StreamSpec;

/** Checks a stream's first message; a bad one ends that stream with INVALID_ARGUMENT and this message. */
final class StreamConfigValidator {

    private StreamConfigValidator() {
    }

    static StreamSpec validate(StreamConfig config) {
        if (config.getTenantId().isBlank()) {
            throw new IllegalArgumentException("config.tenant_id must not be empty");
        }
        if (config.getCallId().isBlank()) {
            throw new IllegalArgumentException("config.call_id must not be empty");
        }
        int rate = config.getSampleRateHz();
        if (rate != 8000 && rate != 16000) {
            throw new IllegalArgumentException("config.sample_rate_hz must be 8000 or 16000, got " + rate);
        }
        return new StreamSpec(config.getTenantId(), config.getCallId(), rate, config.getLanguage());
    }
}
