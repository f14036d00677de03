package dev.parley.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks an encoded event against its {@link EventSchemas schema}, strictly: a property the schema does not list is
 * reported too, so Parley's tests notice a field added to a record but not to its schema (the shipped schemas
 * themselves tolerate unknown properties, for consumers' forward compatibility).
 * <p>
 * Uses {@code com.networknt:json-schema-validator}, an optional dependency of this jar: services do not carry it;
 * a module that calls this class (a test) declares it.
 */
public final class EventSchemaValidator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    // Draft 2020-12 makes "format" an annotation by default; here date-time is checked.
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();
    private static final Map<String, Loaded> SCHEMAS = new ConcurrentHashMap<>();

    private record Loaded(JsonSchema schema, JsonNode properties) {
    }

    private EventSchemaValidator() {
    }

    /** What is wrong with {@code json} as a Parley event; empty when it is a valid event of a known type. */
    public static List<String> problems(byte[] json) {
        JsonNode event;
        try {
            event = JSON.readTree(json);
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        String type = event.path("type").asText("");
        Loaded loaded = schemaOf(type);
        if (loaded == null) {
            return List.of("no schema for event type \"" + type + "\"");
        }
        List<String> problems = new ArrayList<>();
        for (ValidationMessage message : loaded.schema().validate(event)) {
            problems.add(type + ": " + message.getMessage());
        }
        for (Iterator<String> names = event.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!loaded.properties().has(name)) {
                problems.add(type + ": property \"" + name + "\" is not in the schema");
            }
        }
        return problems;
    }

    /** The schema of {@code type} as a tree, or null when there is none. */
    public static JsonNode schemaTree(String type) {
        Loaded loaded = schemaOf(type);
        return loaded == null ? null : loaded.schema().getSchemaNode();
    }

    private static Loaded schemaOf(String type) {
        Loaded cached = SCHEMAS.get(type);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = EventSchemas.open(type)) {
            if (in == null) {
                return null;
            }
            JsonNode tree = JSON.readTree(in);
            Loaded loaded = new Loaded(FACTORY.getSchema(tree, CONFIG), tree.path("properties"));
            SCHEMAS.put(type, loaded);
            return loaded;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the schema of " + type, e);
        }
    }
}
