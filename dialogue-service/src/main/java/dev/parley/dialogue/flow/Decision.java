package dev.parley.dialogue.flow;

import java.util.Map;

/**
 * What the flow made of a caller's turn, for logs, tests and the paraphrase benchmark: its {@code route} (e.g.
 * {@code ask:order}, {@code tool:order_status}, {@code knowledge:<heading>}, {@code fallback}), the intent it concerns
 * (null for none) and the slot values it acted on or is reading back.
 */
public record Decision(String route, String intent, Map<String, String> values) {

    public Decision {
        values = values == null ? Map.of() : Map.copyOf(values);
    }
}
