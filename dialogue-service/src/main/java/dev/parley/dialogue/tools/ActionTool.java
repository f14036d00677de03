package dev.parley.dialogue.tools;

import dev.parley.dialogue.brain.BrainOutput;
import io.smallrye.mutiny.Uni;

import java.util.Map;

/**
 * A built-in tool that acts on the call itself: transfer to a human, or hang up. Running it only notes the action;
 * the brain performs it after the reply the model is still to give, so the caller hears why before it happens.
 */
public final class ActionTool implements Tool {

    private final String name;
    private final ToolDefinition.CallAction definition;

    public ActionTool(String name, ToolDefinition.CallAction definition) {
        this.name = name;
        this.definition = definition;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    /** What the model is told: the action is arranged, and it should say one short line before it happens. */
    @Override
    public Uni<ToolResult> invoke(ToolCall call) {
        String what = definition instanceof ToolDefinition.Transfer ? "the caller will be transferred"
                : "the call will end";
        return Uni.createFrom().item(ToolResult.found(Map.of("status",
                what + " right after your reply; say one short sentence to the caller now")));
    }

    /** The action to perform once the turn's text has been heard. */
    public BrainOutput action(Map<String, String> arguments) {
        String reason = arguments.getOrDefault("reason", "");
        if (definition instanceof ToolDefinition.Transfer transfer) {
            return new BrainOutput.Transfer(transfer.target(), reason);
        }
        return new BrainOutput.EndCall(reason);
    }
}
