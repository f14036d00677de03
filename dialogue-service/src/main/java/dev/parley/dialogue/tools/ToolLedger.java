package dev.parley.dialogue.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.dialogue.brain.Snapshotting;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One call's runs of non-interruptible tools, by tool and arguments: running or done. Lives in the conversation's
 * brain state, so every brain of the call and every later turn sees it.
 * <p>
 * Runs that succeeded go with the call when it moves to another instance, with their results: a turn asked again
 * there (the gateway re-sends the turn being answered) gets the recorded result, and the tool does not run twice.
 * A run still in flight when the state was taken is not carried (its instance is gone, its outcome unknown); if it
 * is asked for again, it runs again with the same {@link ToolCall#idempotencyKey()} — the same for every run of this
 * tool with these arguments in this call, on any instance — so the tenant's webhook drops the repeat. A failed run is
 * not carried either: asking again is a legitimate retry.
 */
final class ToolLedger implements Snapshotting {

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

    @Override
    public synchronized void write(ObjectNode out) {
        Map<String, ToolResult> done = new TreeMap<>();
        runs.forEach((key, run) -> {
            if (run.isDone() && !run.isCompletedExceptionally()) {
                done.put(key, run.join());
            }
        });
        if (!done.isEmpty()) {
            ObjectNode byKey = out.putObject("done");
            done.forEach((key, result) -> {
                ObjectNode fields = byKey.putObject(key).put("found", result.found()).putObject("fields");
                new TreeMap<>(result.fields()).forEach(fields::put);
            });
        }
    }

    @Override
    public synchronized void read(JsonNode in) {
        in.path("done").properties().forEach(run -> {
            Map<String, String> fields = new HashMap<>();
            run.getValue().path("fields").properties().forEach(f ->
                    fields.put(f.getKey(), Snapshotting.requireText(f.getValue())));
            runs.put(run.getKey(), CompletableFuture.completedFuture(
                    new ToolResult(run.getValue().path("found").asBoolean(), fields)));
        });
    }
}
