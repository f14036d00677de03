package dev.parley.contracts.events;

import java.time.Instant;
import java.util.Map;

/** A brain ran a tool for turn {@code turnId}. */
public record ToolInvoked(String tenantId, String callId, Instant timestamp,
                          long turnId, String tool, Map<String, String> arguments, boolean ok,
                          long durationMs) implements CallEvent {
    public static final String TYPE = "tool.invoked";
}
