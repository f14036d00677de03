package dev.parley.dialogue.redaction;

import dev.parley.contracts.redaction.Redactor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tenant's redaction applied to slots (tool arguments by name): what a call recognized for the slots its policy
 * lists is PII wherever it shows up again, in another argument, a summary or a log line, written or spoken.
 */
public final class SlotRedaction {

    private SlotRedaction() {
    }

    /**
     * The values this call recognized for the slots the tenant's policy lists (empty when it masks nothing): {@code
     * slots} are values by name, tool arguments and the fields tools returned alike.
     */
    public static List<String> values(Redactor redactor, Map<String, String> slots) {
        if (!redactor.enabled() || slots == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        slots.forEach((name, value) -> {
            if (value != null && !value.isBlank() && redactor.policy().slots().contains(name)) {
                values.add(value);
            }
        });
        return values;
    }

    /**
     * Arguments as an event or a log may carry them: a listed slot's value is {@link Redactor#MASK} whatever it is,
     * any other value has its PII masked. The same map when the policy masks nothing.
     */
    public static Map<String, String> arguments(Redactor redactor, Map<String, String> arguments,
                                                Collection<String> values) {
        if (!redactor.enabled()) {
            return arguments;
        }
        Map<String, String> masked = new TreeMap<>();
        arguments.forEach((name, value) -> masked.put(name, redactor.policy().slots().contains(name)
                ? Redactor.MASK : redactor.mask(value, values)));
        return masked;
    }
}
