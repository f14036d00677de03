package dev.parley.dialogue.tools;

import io.smallrye.mutiny.Uni;

import java.util.Map;

/** Something a brain can look up or do for the caller. Asynchronous: a slow tool never holds a thread. */
public interface Tool {

    String name();

    /** Runs the tool; a failed Uni means the tool could not run (not that it found nothing). */
    Uni<ToolResult> invoke(Map<String, String> arguments);
}
