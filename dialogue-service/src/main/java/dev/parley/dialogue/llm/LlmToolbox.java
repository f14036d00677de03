package dev.parley.dialogue.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.context.CallFacts;
import dev.parley.dialogue.tools.Tool;
import dev.parley.dialogue.tools.ToolDefinition;
import dev.parley.dialogue.tools.ToolRunner;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tenant's tools as an LLM sees them (name, description, one string argument) and runs them. A tool that fails or
 * is unknown yields an error result rather than failing the turn: the model can still tell the caller something.
 */
public final class LlmToolbox {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One executed call: the message for the model, and whether its data belongs to this caller. */
    public record Outcome(LlmMessage message, boolean personal) {
    }

    private final Map<String, Tool> tools;
    private final Map<String, ToolDefinition> definitions;
    private final ToolRunner runner;
    private final List<LlmToolSpec> specs;

    public LlmToolbox(Map<String, Tool> tools, Map<String, ToolDefinition> definitions, ToolRunner runner) {
        this.tools = Map.copyOf(tools);
        this.definitions = Map.copyOf(definitions);
        this.runner = runner;
        List<LlmToolSpec> out = new ArrayList<>();
        new TreeMap<>(definitions).forEach((name, def) -> out.add(spec(name, def)));
        this.specs = List.copyOf(out);
    }

    public List<LlmToolSpec> specs() {
        return specs;
    }

    public Uni<Outcome> run(Conversation conversation, long turnId, LlmToolCall call) {
        Tool tool = tools.get(call.name());
        ToolDefinition def = definitions.get(call.name());
        if (tool == null || def == null) {
            return Uni.createFrom().item(new Outcome(error(call, "there is no tool named " + call.name()), false));
        }
        Map<String, String> arguments = new TreeMap<>();
        try {
            JsonNode args = JSON.readTree(call.argumentsJson());
            args.fields().forEachRemaining(f -> arguments.put(f.getKey(), f.getValue().asText()));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().item(new Outcome(error(call, "arguments are not valid JSON"), false));
        }
        CallFacts facts = conversation.brainState(CallFacts.KEY, CallFacts.class, CallFacts::new);
        return runner.run(tool, conversation, turnId, arguments)
                .map(result -> {
                    ObjectNode body = JSON.createObjectNode().put("found", result.found());
                    result.fields().forEach(body::put);
                    String text = body.toString();
                    facts.put(call.name() + arguments, call.name() + " " + arguments + " -> " + text);
                    return new Outcome(LlmMessage.toolResult(call.id(), text), !def.isShared());
                })
                .onFailure().recoverWithItem(e -> new Outcome(error(call, "the lookup failed, try later"), false));
    }

    private static LlmMessage error(LlmToolCall call, String message) {
        return LlmMessage.toolResult(call.id(), JSON.createObjectNode().put("error", message).toString());
    }

    private static LlmToolSpec spec(String name, ToolDefinition def) {
        ObjectNode schema = JSON.createObjectNode().put("type", "object");
        schema.putObject("properties").putObject(def.key()).put("type", "string")
                .put("description", def.keyDescription() != null ? def.keyDescription() : "the " + def.key());
        schema.putArray("required").add(def.key());
        String description = def.description() != null ? def.description()
                : "Looks up a record by " + def.key() + ".";
        return new LlmToolSpec(name, description, schema);
    }
}
