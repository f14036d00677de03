package dev.parley.contracts.events;

import java.io.InputStream;
import java.util.Collection;

/**
 * The JSON Schemas (draft 2020-12) of the event values, shipped in this jar under {@value #DIRECTORY}: one per event
 * type, named {@code <type>.schema.json}. A consumer can load them from the class path (or copy them) to validate
 * what it reads; {@link EventSchemaValidator} does that for Parley's own tests.
 * <p>
 * The schemas allow properties they do not list ({@code additionalProperties: true}): adding a field to an event
 * does not bump its schema version, so a consumer validating with an older schema must not reject newer events.
 * Drift the other way (a record field the schema does not list) is caught by Parley's tests instead.
 */
public final class EventSchemas {
    /** Class-path folder of the schemas. */
    public static final String DIRECTORY = "schemas/events/";
    /** Prefix of every schema's {@code $id} (an identifier, not fetched: the schemas ship in this jar). */
    public static final String ID_PREFIX = "https://parley.dev/" + DIRECTORY;
    /** Prefix of the CloudEvents {@code ce_type} of every event: {@code dev.parley.<type>}. */
    public static final String CLOUD_EVENT_TYPE_PREFIX = "dev.parley.";

    private EventSchemas() {
    }

    /** Every event type, e.g. {@code call.started}. */
    public static Collection<String> types() {
        return EventTypes.all();
    }

    /** Class-path resource of the schema of {@code type}. */
    public static String resource(String type) {
        return DIRECTORY + type + ".schema.json";
    }

    /** The {@code $id} of the schema of {@code type}; also the record's {@code ce_dataschema} header. */
    public static String id(String type) {
        return ID_PREFIX + type + ".schema.json";
    }

    /** The schema of {@code type}, or null when there is none. The caller closes the stream. */
    public static InputStream open(String type) {
        return EventSchemas.class.getClassLoader().getResourceAsStream(resource(type));
    }
}
