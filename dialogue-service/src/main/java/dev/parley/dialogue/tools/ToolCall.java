package dev.parley.dialogue.tools;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** One run of a tool for a call: who asks, in which turn, with which arguments. */
public record ToolCall(String tenantId, String callId, long turnId, String tool, Map<String, String> arguments) {

    public ToolCall {
        arguments = Map.copyOf(arguments);
    }

    /** The arguments in a stable order, so equal calls have equal keys. */
    public String canonicalArguments() {
        return new TreeMap<>(arguments).toString();
    }

    /**
     * The same for every run of this tool with these arguments in this call: a webhook can drop a repeated request
     * (a retry after a timeout) by this key.
     */
    public String idempotencyKey() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (tenantId + "\n" + callId + "\n" + tool + "\n" + canonicalArguments())
                            .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
