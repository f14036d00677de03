package dev.parley.dialogue.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.dialogue.brain.BrainOutput;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.TurnInput;
import dev.parley.dialogue.tools.ActionTool;
import dev.parley.dialogue.tools.Tool;
import dev.parley.dialogue.tools.ToolDefinition;
import dev.parley.dialogue.tools.ToolRunner;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A tenant's tools as an LLM sees them (name, description, JSON schema of the arguments) and runs them. A tool that
 * fails or is unknown yields an error result rather than failing the turn: the model can still tell the caller
 * something. Built-in action tools (transfer, end call) yield the action, performed after the model's reply.
 */
public final class LlmToolbox {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One executed call: the message for the model, whether its data belongs to this caller, and the action to
     * perform after the reply (null for none).
     */
    public record Outcome(LlmMessage message, boolean personal, BrainOutput action) {
    }

    private final Map<String, Tool> tools;
    private final ToolRunner runner;
    private final ReadBackGate readBack;
    private final List<LlmToolSpec> specs;

    /**
     * @param confirmBelow a high-consequence argument heard with a lower recognizer confidence is read back to the
     *                     caller before the tool may act on it
     */
    public LlmToolbox(Map<String, Tool> tools, ToolRunner runner, double confirmBelow) {
        this.tools = Map.copyOf(tools);
        this.runner = runner;
        this.readBack = new ReadBackGate(confirmBelow);
        List<LlmToolSpec> out = new ArrayList<>();
        new TreeMap<>(tools).forEach((name, tool) -> out.add(spec(name, tool.definition())));
        this.specs = List.copyOf(out);
    }

    public List<LlmToolSpec> specs() {
        return specs;
    }

    /** The tool's own filler line, or null if it has none (or is not a tool of this tenant). */
    public String fillerFor(String toolName) {
        Tool tool = tools.get(toolName);
        return tool == null ? null : tool.definition().filler();
    }

    /** Notes how confidently a caller turn was heard, for the read-back of values taken from it. */
    public void heard(Conversation conversation, TurnInput input) {
        readBack.heard(conversation, input);
    }

    public Uni<Outcome> run(Conversation conversation, long turnId, LlmToolCall call) {
        Tool tool = tools.get(call.name());
        if (tool == null) {
            return Uni.createFrom().item(new Outcome(error(call, "there is no tool named " + call.name()), false,
                    null));
        }
        Map<String, String> arguments;
        try {
            arguments = arguments(call.argumentsJson());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Uni.createFrom().item(new Outcome(error(call, "arguments must be a JSON object"), false, null));
        }
        Optional<String> unclear = readBack.unclear(conversation, turnId, tool, arguments);
        if (unclear.isPresent()) {
            String arg = unclear.get();
            return Uni.createFrom().item(new Outcome(LlmMessage.toolResult(call.id(), JSON.createObjectNode()
                    .put("status", "not run")
                    .put("instruction", "The line was unclear when the caller gave the " + arg + " (heard as "
                            + arguments.get(arg) + "). Read it back to the caller, digit by digit if it is a number, "
                            + "and ask whether it is right. Call " + call.name() + " again only after they confirm.")
                    .toString()), true, null));
        }
        BrainOutput action = tool instanceof ActionTool ? ((ActionTool) tool).action(arguments) : null;
        return runner.run(tool, conversation, turnId, arguments)
                .map(result -> new Outcome(LlmMessage.toolResult(call.id(), result.toJson()),
                        action != null || !tool.definition().isShared(), action))
                .onFailure().recoverWithItem(e -> new Outcome(error(call, "the tool did not answer; tell the "
                        + "caller: " + tool.definition().unavailableOr()), false, null));
    }

    static Map<String, String> arguments(String json) throws JsonProcessingException {
        JsonNode args = JSON.readTree(json == null || json.isBlank() ? "{}" : json);
        if (args == null || !args.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Map<String, String> out = new TreeMap<>();
        args.fields().forEachRemaining(f -> {
            if (!f.getValue().isNull()) {
                out.put(f.getKey(), f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString());
            }
        });
        return out;
    }

    private static LlmMessage error(LlmToolCall call, String message) {
        return LlmMessage.toolResult(call.id(), JSON.createObjectNode().put("error", message).toString());
    }

    private static LlmToolSpec spec(String name, ToolDefinition def) {
        String description = def.description();
        if (description == null || description.isBlank()) {
            if (def instanceof ToolDefinition.Transfer) {
                description = "Transfers the caller to a human colleague, after your reply.";
            } else if (def instanceof ToolDefinition.EndCall) {
                description = "Ends the call, after your reply. Use it once the caller says goodbye.";
            } else {
                description = "Looks something up for the caller.";
            }
        }
        return new LlmToolSpec(name, description, def.parameters());
    }
}
