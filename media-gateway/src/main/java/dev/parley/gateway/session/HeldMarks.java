package dev.parley.gateway.session;

import java.util.HashMap;
import java.util.Map;

/** Held prompts being played (an apology, a goodbye), by the mark after each: what to do once the caller heard it. */
final class HeldMarks {
    private final Map<String, Runnable> pending = new HashMap<>();
    private int played;

    /** The mark to send after a held prompt; {@code whenHeard} runs when the line echoes it. */
    String add(Runnable whenHeard) {
        String mark = "held" + ++played;
        pending.put(mark, whenHeard);
        return mark;
    }

    /** What to run now that the line played up to mark {@code name}, or null if it is no held prompt's. */
    Runnable heard(String name) {
        return name == null ? null : pending.remove(name);
    }
}
