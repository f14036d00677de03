package dev.parley.dialogue.tools;

import java.util.List;
import java.util.Locale;

/**
 * The {@code toolPolicy:} section of a tenant.yaml: which hosts its webhook tools may call, how long a tool may take
 * before the agent says its filler line, and below which speech-recognition confidence a high-consequence value is
 * read back to the caller before a tool acts on it.
 */
public record ToolPolicy(List<String> allowedHosts, Integer fillerDelayMs, Double confirmBelowConfidence) {

    public static final ToolPolicy DEFAULT = new ToolPolicy(List.of(), null, null);

    static final int DEFAULT_FILLER_DELAY_MS = 400;
    static final double DEFAULT_CONFIRM_BELOW = 0.8;

    public int fillerDelayMsOr() {
        return fillerDelayMs == null ? DEFAULT_FILLER_DELAY_MS : fillerDelayMs;
    }

    public double confirmBelowConfidenceOr() {
        return confirmBelowConfidence == null ? DEFAULT_CONFIRM_BELOW : confirmBelowConfidence;
    }

    /**
     * Whether a webhook may call {@code host}: an exact (case-insensitive) entry, or an entry {@code *.example.com}
     * for its subdomains. Nothing is allowed by default.
     */
    public boolean allows(String host) {
        if (host == null || allowedHosts == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        for (String entry : allowedHosts) {
            String e = entry.toLowerCase(Locale.ROOT).strip();
            if (e.startsWith("*.") ? h.endsWith(e.substring(1)) : h.equals(e)) {
                return true;
            }
        }
        return false;
    }

    public void validate() {
        if (fillerDelayMs != null && (fillerDelayMs < 0 || fillerDelayMs > 10_000)) {
            throw new IllegalArgumentException("toolPolicy.fillerDelayMs must be between 0 and 10000");
        }
        if (confirmBelowConfidence != null && (confirmBelowConfidence < 0 || confirmBelowConfidence > 1)) {
            throw new IllegalArgumentException("toolPolicy.confirmBelowConfidence must be between 0 and 1");
        }
        if (allowedHosts != null) {
            for (String h : allowedHosts) {
                if (h == null || h.isBlank() || h.contains("/") || h.contains(":") || h.equals("*")) {
                    throw new IllegalArgumentException("toolPolicy.allowedHosts entry '" + h
                            + "' must be a host name (no scheme, port or path), or *.domain");
                }
            }
        }
    }
}
