package dev.parley.contracts.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;

import java.util.HashMap;
import java.util.Map;

/** Maps event records to their wire names, as declared once in {@link CallEvent}'s annotations. */
final class EventTypes {
    private static final Map<Class<?>, String> NAMES = new HashMap<>();

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
}
