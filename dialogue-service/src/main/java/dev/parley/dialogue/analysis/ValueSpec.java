package dev.parley.dialogue.analysis;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where one value the tenant asks for comes from, and its type. Exactly one source:
 * <ul>
 * <li>{@code slot: order} — the value the caller gave for that slot (a tool argument), the newest;</li>
 * <li>{@code tool: order_status, field: state} — a field of that tool's newest run ({@code found}, the default, and
 * {@code ok} are whether it found something and whether it answered);</li>
 * <li>{@code call: transferred} — a fact of the call: {@code transferred}, {@code endReason}, {@code callerTurns},
 * {@code goalReached}, {@code misses}.</li>
 * </ul>
 * {@code type} (string, boolean, number) converts the value; without it the source's own type is kept. A value the
 * call did not give, or that does not convert, is null.
 */
public record ValueSpec(String slot, String tool, String field, String call, String type) {

    static final List<String> CALL_FACTS = List.of("transferred", "endReason", "callerTurns", "goalReached", "misses");
    static final List<String> TYPES = List.of("string", "boolean", "number");

    void validate(Set<String> tools) {
        int sources = (slot != null ? 1 : 0) + (tool != null ? 1 : 0) + (call != null ? 1 : 0);
        if (sources != 1) {
            throw new IllegalArgumentException("needs exactly one of slot, tool, call");
        }
        if (tool != null && !tools.contains(tool)) {
            throw new IllegalArgumentException("tool '" + tool + "' is not one of the tenant's tools " + tools);
        }
        if (field != null && tool == null) {
            throw new IllegalArgumentException("field goes with tool");
        }
        if (call != null && !CALL_FACTS.contains(call)) {
            throw new IllegalArgumentException("call must be one of " + CALL_FACTS + ", got '" + call + "'");
        }
        if (type != null && !TYPES.contains(type)) {
            throw new IllegalArgumentException("type must be one of " + TYPES + ", got '" + type + "'");
        }
    }

    /** The value in this call: a String, Boolean, Long, BigDecimal or null. */
    Object valueIn(CallRecord.Facts facts, Boolean goalReached) {
        return convert(raw(facts, goalReached));
    }

    private Object raw(CallRecord.Facts facts, Boolean goalReached) {
        if (slot != null) {
            return facts.slots().get(slot);
        }
        if (tool != null) {
            CallRecord.ToolRun newest = null;
            for (CallRecord.ToolRun run : facts.tools()) {
                if (run.tool().equals(tool)) {
                    newest = run;
                }
            }
            String f = field == null ? "found" : field;
            if (newest == null) {
                // Never ran: it did not find anything, and nothing else is known.
                return f.equals("found") || f.equals("ok") ? Boolean.FALSE : null;
            }
            return switch (f) {
                case "found" -> newest.found();
                case "ok" -> newest.ok();
                default -> newest.fields().get(f);
            };
        }
        return switch (call) {
            case "transferred" -> facts.transferred();
            case "endReason" -> facts.endReason();
            case "callerTurns" -> (long) facts.callerTurns();
            case "goalReached" -> goalReached;
            default -> (long) facts.misses();
        };
    }

    private Object convert(Object value) {
        if (value == null || type == null) {
            return value;
        }
        String text = value.toString().strip();
        switch (type) {
            case "string":
                return value.toString();
            case "boolean":
                if (value instanceof Boolean) {
                    return value;
                }
                String lower = text.toLowerCase(Locale.ROOT);
                return lower.equals("true") || lower.equals("yes") ? Boolean.TRUE
                        : lower.equals("false") || lower.equals("no") ? Boolean.FALSE : null;
            default:
                if (value instanceof Boolean) {
                    return null;
                }
                try {
                    BigDecimal number = new BigDecimal(text);
                    return number.scale() <= 0 || number.stripTrailingZeros().scale() <= 0
                            ? (Object) number.longValueExact() : number;
                } catch (ArithmeticException | NumberFormatException e) {
                    return null;
                }
        }
    }
}
