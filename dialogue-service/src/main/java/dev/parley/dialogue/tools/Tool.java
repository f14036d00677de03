package dev.parley.dialogue.tools;

import io.smallrye.mutiny.Uni;

/** Something a brain can look up or do for the caller. Asynchronous: a slow tool never holds a thread. */
public interface Tool {

    String name();

    /** How the tenant declared it: filler, interruptibility, high-consequence arguments, argument schema. */
    ToolDefinition definition();

    /**
     * Runs the tool; a failed Uni means the tool could not run (not that it found nothing). Cancelling the
     * subscription abandons the run (an HTTP request is aborted).
     */
    Uni<ToolResult> invoke(ToolCall call);
}
