package dev.parley.contracts.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON encoding of {@link CallEvent}s: flat objects, ISO-8601 timestamps, unknown fields tolerated. */
public final class EventCodec {
    /** Kafka header names set on every event record. */
    public static final String HEADER_TYPE = "event-type";
    public static final String HEADER_TENANT = "tenant-id";
    public static final String HEADER_SCHEMA_VERSION = "schema-version";
    public static final String CONTENT_TYPE = "content-type";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EventCodec() {
    }

    public static byte[] encode(CallEvent event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException if the bytes are not a known event */
    public static CallEvent decode(byte[] json) {
        try {
            return MAPPER.readValue(json, CallEvent.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a Parley call event: " + e.getMessage(), e);
        }
    }
}
