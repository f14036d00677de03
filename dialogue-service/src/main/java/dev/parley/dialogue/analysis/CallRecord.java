package dev.parley.dialogue.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.dialogue.brain.ApologyBrain;
import dev.parley.dialogue.brain.BrainOutput;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.Snapshotting;
import dev.parley.dialogue.flow.Decision;
import dev.parley.dialogue.tools.ToolResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.parley.dialogue.brain.Snapshotting.readLong;
import static dev.parley.dialogue.brain.Snapshotting.readText;
import static dev.parley.dialogue.brain.Snapshotting.requireText;

/**
 * What happened in one call, kept for its post-call analysis as it happens: caller turns, the flow's intents and
 * knowledge answers, misses, tool runs with their results, a transfer or a hang-up by the agent, turns only an
 * apology answered. The history cannot tell these apart and slides; this is small and bounded. Carried to another
 * instance with the call ({@link Snapshotting}), so a call analysed where it ended includes what happened before it
 * moved there.
 */
public final class CallRecord implements Snapshotting {

    public static final String KEY = "analysis.record";
    /** Bounds of what is kept: a call that goes on and on keeps its newest tool runs and first names. */
    static final int MAX_TOOL_RUNS = 20;
    static final int MAX_NAMES = 30;

    /** One run of a tool, as it ended: failed ({@code ok} false), found nothing, or found with these fields. */
    public record ToolRun(String tool, Map<String, String> arguments, boolean ok, boolean found,
                          Map<String, String> fields) {
        public ToolRun {
            arguments = Map.copyOf(arguments);
            fields = Map.copyOf(fields);
        }
    }

    /** What a call came to, read at its end. */
    public record Facts(int callerTurns, List<String> intents, List<String> knowledge, List<ToolRun> tools,
                        String transferTarget, boolean agentEnded, int misses, int fallbacks) {

        public boolean transferred() {
            return transferTarget != null;
        }

        /** "transferred", "agent-hangup" or "caller-hangup": how the dialogue saw the call end. */
        public String endReason() {
            return transferred() ? "transferred" : agentEnded ? "agent-hangup" : "caller-hangup";
        }

        /** The values tools acted on, by argument name: the newest run's value of each. */
        public Map<String, String> slots() {
            Map<String, String> slots = new TreeMap<>();
            tools.forEach(run -> slots.putAll(run.arguments()));
            return slots;
        }

        /**
         * What the call's tools were told and told back, by name (the newest of each): the values a redaction
         * policy's slots may name, such as the patient number a caller gave and the name the clinic returned.
         */
        public Map<String, String> recognized() {
            Map<String, String> values = new TreeMap<>();
            tools.forEach(run -> {
                values.putAll(run.fields());
                values.putAll(run.arguments());
            });
            return values;
        }
    }

    private long lastCallerTurn = -1;
    private int callerTurns;
    private final Set<String> intents = new LinkedHashSet<>();
    private final Set<String> knowledge = new LinkedHashSet<>();
    private final List<ToolRun> tools = new ArrayList<>();
    private String transferTarget;
    private boolean agentEnded;
    private int misses;
    private int fallbacks;

    public static CallRecord of(Conversation conversation) {
        return conversation.brainState(KEY, CallRecord.class, CallRecord::new);
    }

    /** A caller turn arrived; one re-sent after the call moved here is not counted again. */
    public synchronized void callerTurn(long turnId) {
        if (turnId > lastCallerTurn) {
            lastCallerTurn = turnId;
            callerTurns++;
        }
    }

    /** What the flow made of a turn: an intent, a knowledge answer, or a miss (fallback, re-ask, options). */
    public synchronized void decided(Decision decision) {
        String route = decision.route();
        if (route.startsWith("knowledge:")) {
            addBounded(knowledge, route.substring("knowledge:".length()));
        }
        if (route.equals("fallback") || route.equals("options") || route.equals("back")
                || route.startsWith("reask:")) {
            misses++;
        }
        if (decision.intent() != null && !route.startsWith("clarify:")) {
            addBounded(intents, decision.intent());
        }
    }

    public synchronized void toolSucceeded(String tool, Map<String, String> arguments, ToolResult result) {
        addRun(new ToolRun(tool, arguments, true, result.found(), result.fields()));
    }

    public synchronized void toolFailed(String tool, Map<String, String> arguments) {
        addRun(new ToolRun(tool, arguments, false, false, Map.of()));
    }

    /** An element of a turn's answer that reached the gateway: a transfer, a hang-up, an apology's done. */
    public synchronized void sent(BrainOutput output) {
        if (output instanceof BrainOutput.Transfer transfer) {
            transferTarget = transfer.target() == null ? "" : transfer.target();
        } else if (output instanceof BrainOutput.EndCall) {
            agentEnded = true;
        } else if (output instanceof BrainOutput.Done done
                && (ApologyBrain.NAME.equals(done.brain()) || "none".equals(done.brain()))) {
            fallbacks++;
        }
    }

    /** The gateway's warm transfer to {@code target} reached nobody: the caller stayed with the agent. */
    public synchronized void transferNotReached(String target) {
        if (target.equals(transferTarget)) {
            transferTarget = null;
        }
    }

    public synchronized Facts facts() {
        return new Facts(callerTurns, List.copyOf(intents), List.copyOf(knowledge), List.copyOf(tools),
                transferTarget, agentEnded, misses, fallbacks);
    }

    private void addRun(ToolRun run) {
        tools.add(run);
        while (tools.size() > MAX_TOOL_RUNS) {
            tools.remove(0);
        }
    }

    private static void addBounded(Set<String> names, String name) {
        if (names.size() < MAX_NAMES) {
            names.add(name);
        }
    }

    @Override
    public synchronized void write(ObjectNode out) {
        if (lastCallerTurn >= 0) {
            out.put("lastTurn", lastCallerTurn).put("turns", callerTurns);
        }
        if (!intents.isEmpty()) {
            intents.forEach(out.putArray("intents")::add);
        }
        if (!knowledge.isEmpty()) {
            knowledge.forEach(out.putArray("knowledge")::add);
        }
        if (!tools.isEmpty()) {
            ArrayNode runs = out.putArray("tools");
            for (ToolRun run : tools) {
                ObjectNode r = runs.addObject().put("tool", run.tool()).put("ok", run.ok()).put("found", run.found());
                new TreeMap<>(run.arguments()).forEach(r.putObject("args")::put);
                new TreeMap<>(run.fields()).forEach(r.putObject("fields")::put);
            }
        }
        if (transferTarget != null) {
            out.put("transfer", transferTarget);
        }
        if (agentEnded) {
            out.put("agentEnded", true);
        }
        if (misses > 0) {
            out.put("misses", misses);
        }
        if (fallbacks > 0) {
            out.put("fallbacks", fallbacks);
        }
    }

    @Override
    public synchronized void read(JsonNode in) {
        lastCallerTurn = readLong(in.get("lastTurn"), -1);
        callerTurns = (int) readLong(in.get("turns"), 0);
        in.path("intents").forEach(n -> addBounded(intents, requireText(n)));
        in.path("knowledge").forEach(n -> addBounded(knowledge, requireText(n)));
        in.path("tools").forEach(r -> addRun(new ToolRun(requireText(r.get("tool")), texts(r.path("args")),
                r.path("ok").asBoolean(), r.path("found").asBoolean(), texts(r.path("fields")))));
        transferTarget = readText(in.get("transfer"));
        agentEnded = in.path("agentEnded").asBoolean(false);
        misses = (int) readLong(in.get("misses"), 0);
        fallbacks = (int) readLong(in.get("fallbacks"), 0);
    }

    private static Map<String, String> texts(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.properties().forEach(f -> out.put(f.getKey(), requireText(f.getValue())));
        return out;
    }
}
