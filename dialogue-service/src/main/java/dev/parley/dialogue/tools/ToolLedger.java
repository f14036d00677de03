package dev.parley.dialogue.tools;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One call's runs of non-interruptible tools, by tool and arguments: running or done. Lives in the conversation's
 * brain state, so every brain of the call and every later turn sees it.
 */
final class ToolLedger {

    static final String KEY = "tools.ledger";

    private final Map<String, CompletableFuture<ToolResult>> runs = new HashMap<>();

    /** The run for {@code key}: the one already started (running or succeeded), else a new one from {@code start}. */
    synchronized CompletableFuture<ToolResult> once(String key, Supplier<CompletableFuture<ToolResult>> start) {
        CompletableFuture<ToolResult> run = runs.get(key);
        if (run != null) {
            return run;
        }
        CompletableFuture<ToolResult> started = start.get();
        runs.put(key, started);
        // A failed run is forgotten: asking again is a legitimate retry (the webhook can still dedupe it by key).
        started.whenComplete((result, error) -> {
            if (error != null) {
                forget(key, started);
            }
        });
        return started;
    }

    synchronized boolean started(String key) {
        return runs.containsKey(key);
    }

    private synchronized void forget(String key, CompletableFuture<ToolResult> run) {
        runs.remove(key, run);
    }
}
