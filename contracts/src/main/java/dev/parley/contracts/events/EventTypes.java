package dev.parley.contracts.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps event records to their wire names, as declared once in {@link CallEvent}'s annotations. */
final class EventTypes {
    private static final Map<Class<?>, String> NAMES = new LinkedHashMap<>();

    static {
        for (JsonSubTypes.Type t : CallEvent.class.getAnnotation(JsonSubTypes.class).value()) {
            NAMES.put(t.value(), t.name());
        }
    }

    private EventTypes() {
    }

    static String typeOf(CallEvent event) {
        return NAMES.get(event.getClass());
    }

    /** Every event type, in declaration order. */
    static Collection<String> all() {
        return List.copyOf(NAMES.values());
    }

    /** The record class of {@code type}, or null. */
    static Class<?> recordOf(String type) {
        return NAMES.entrySet().stream().filter(e -> e.getValue().equals(type)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }
}
