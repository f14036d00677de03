package dev.parley.contracts.redaction;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a tenant masks in everything that leaves the live path (events, logs, traces): tenant.yaml's
 * {@code redaction:} block. Shared by every service so a tenant's transcript is masked the same way wherever it lands.
 *
 * @param enabled   false masks nothing
 * @param minDigits the shortest run of digits masked; shorter runs ("two appointments", "at 10") are kept
 * @param emails    whether e-mail addresses, written or spoken, are masked
 * @param slots     slot names whose values the call recognized are masked wherever they appear
 */
public record RedactionPolicy(boolean enabled, int minDigits, boolean emails, Set<String> slots) {

    public static final RedactionPolicy NONE = new RedactionPolicy(false, 4, false, Set.of());

    private static final Set<String> KEYS = Set.of("enabled", "digits", "emails", "slots");

    public RedactionPolicy {
        if (minDigits < 2) {
            // One digit would mask every "one" and "2" a caller says, leaving transcripts unreadable.
            throw new IllegalArgumentException("redaction.digits must be at least 2, was " + minDigits);
        }
        slots = slots == null ? Set.of() : Set.copyOf(slots);
    }

    /**
     * The parsed {@code redaction:} block (a Map from YAML; null → {@link #NONE}). Keys: enabled (default true when
     * the block is present), digits (shortest digit run masked, default 4, >= 2), emails (default true), slots (list of
     * slot names whose recognized values are masked, default empty). Unknown keys or bad values throw an
     * IllegalArgumentException naming the key, so a typo fails the tenant's load instead of silently masking less.
     */
    public static RedactionPolicy fromYaml(Map<String, ?> block) {
        if (block == null) {
            return NONE;
        }
        for (String key : block.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("redaction: unknown key '" + key + "' (known: enabled, digits, emails, slots)");
            }
        }
        boolean enabled = bool(block, "enabled", true);
        int digits = integer(block, "digits", 4);
        if (digits < 2) {
            throw new IllegalArgumentException("redaction.digits must be at least 2, was " + digits);
        }
        boolean emails = bool(block, "emails", true);
        return new RedactionPolicy(enabled, digits, emails, slots(block.get("slots")));
    }

    private static boolean bool(Map<String, ?> block, String key, boolean fallback) {
        Object value = block.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("redaction." + key + " must be true or false, was '" + value + "'");
    }

    private static int integer(Map<String, ?> block, String key, int fallback) {
        Object value = block.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            long n = ((Number) value).longValue();
            if (n <= Integer.MAX_VALUE) {
                return (int) n;
            }
        }
        throw new IllegalArgumentException("redaction." + key + " must be a whole number, was '" + value + "'");
    }

    private static Set<String> slots(Object value) {
        if (value == null) {
            return Set.of();
        }
        if (!(value instanceof Collection<?> list)) {
            throw new IllegalArgumentException("redaction.slots must be a list of slot names, was '" + value + "'");
        }
        Set<String> names = new LinkedHashSet<>();
        for (Object name : list) {
            if (!(name instanceof String s) || s.isBlank()) {
                throw new IllegalArgumentException("redaction.slots must list slot names, found '" + name + "'");
            }
            names.add(s.trim());
        }
        return names;
    }
}
