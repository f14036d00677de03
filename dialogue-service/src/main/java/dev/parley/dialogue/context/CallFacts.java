package dev.parley.dialogue.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.dialogue.brain.Snapshotting;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Structured state of one call for an LLM brain: what tools found (order 1234: shipped...), keyed so a newer lookup
 * of the same thing replaces the older one. Lives in the conversation's brain state and goes into every prompt, so
 * facts survive even when the turns that produced them have slid out of the window — and when the call moves to
 * another instance, in their order.
 */
public final class CallFacts implements Snapshotting {

    public static final String KEY = "llm.facts";
    static final int MAX_FACTS = 20;

    private final Map<String, String> facts = new LinkedHashMap<>();

    public synchronized void put(String key, String fact) {
        facts.remove(key);
        facts.put(key, fact);
        if (facts.size() > MAX_FACTS) {
            facts.remove(facts.keySet().iterator().next());
        }
    }

    public synchronized Map<String, String> snapshot() {
        return Map.copyOf(facts);
    }

    public synchronized List<String> lines() {
        return List.copyOf(facts.values());
    }

    @Override
    public synchronized void write(ObjectNode out) {
        if (!facts.isEmpty()) {
            ObjectNode byKey = out.putObject("facts");
            facts.forEach(byKey::put);
        }
    }

    @Override
    public synchronized void read(JsonNode in) {
        in.path("facts").properties().forEach(f -> put(f.getKey(), Snapshotting.requireText(f.getValue())));
    }
}
