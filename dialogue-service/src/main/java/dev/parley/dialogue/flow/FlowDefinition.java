package dev.parley.dialogue.flow;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tenant's flow.yaml: what the flow brain says, the intents it recognizes and the slots it collects. The tools its
 * intents run are the tenant's (tenant.yaml {@code tools:}), shared with an LLM brain.
 */
public record FlowDefinition(String greeting, String fallback, String apology, Matching matching,
                             Knowledge knowledge, Map<String, Slot> slots, List<Intent> intents, OffScriptLlm llm,
                             Repair repair) {

    /**
     * Hands turns that match nothing to the tenant's LLM (brain.yaml {@code llm:}), within {@code instructions};
     * after at most {@code maxTurns} such turns in a row, {@code back} steers the caller to the script instead.
     * {@code back} may use {@code {pending}}: the question the flow is waiting on.
     */
    public record OffScriptLlm(String instructions, Integer maxTurns, String back) {

        public static final int DEFAULT_MAX_TURNS = 2;
        public static final String DEFAULT_BACK = "{pending}";

        public int maxTurnsOr() {
            return maxTurns == null ? DEFAULT_MAX_TURNS : maxTurns;
        }

        public String backOr() {
            return back == null ? DEFAULT_BACK : back;
        }
    }

    /**
     * An intent is answered when its fused score (flow/matching: cosine + BM25 + number cue) reaches
     * {@code threshold} and leads the runner-up by {@code margin}; within {@code clarify} below that, the caller is
     * asked whether they mean it. {@code lexicalWeight} and {@code cueBonus} weigh BM25 and a fitting number;
     * {@code contrast} adds that many times the score's lead over the turn's mean score over all targets.
     * {@code outOfScope}: requests the tenant does not handle that resemble ones it does (another place's opening
     * hours, the price of a treatment it has no price for); a turn closest to them gets the fallback, and one close
     * to both them and a target is asked about rather than answered.
     */
    public record Matching(double threshold, double margin, Double clarify, Double lexicalWeight, Double cueBonus,
                           Double contrast, List<String> outOfScope) {

        public List<String> outOfScopeOrEmpty() {
            return outOfScope == null ? List.of() : outOfScope;
        }
    }

    /**
     * A knowledge section answers when its fused score reaches {@code threshold} (same rules as intents).
     * {@code asked}: per section (keyed by its heading or one question of it), other ways callers ask for it, matched
     * like the heading but never said; the heading still names the route and the clarifying question.
     */
    public record Knowledge(double threshold, Map<String, List<String>> asked) {

        public Map<String, List<String>> askedOrEmpty() {
            return asked == null ? Map.of() : asked;
        }
    }

    /**
     * How the flow repairs a conversation going wrong. {@code clarify} asks about a near match ({@code {topic}}:
     * the intent's {@code topic}, "Do you mean: &lt;its first example&gt;?" by default, or "Is your question:
     * &lt;the section's first question&gt;"); {@code notThat} answers a "no" to it; {@code options}
     * replaces the fallback line once {@code afterMisses} turns in a row were not understood (say what the agent can
     * do, or offer a person).
     */
    public record Repair(String clarify, String notThat, String options, Integer afterMisses) {

        public static final Repair DEFAULT = new Repair(null, null, null, null);

        public String clarifyOr() {
            return clarify != null ? clarify : "Just to be sure. {topic}";
        }

        public String notThatOr(String fallback) {
            return notThat != null ? notThat : "Sorry, I got that wrong. " + optionsOr(fallback);
        }

        public String optionsOr(String fallback) {
            return options != null ? options : fallback;
        }

        public int afterMissesOr() {
            return afterMisses != null ? afterMisses : 2;
        }
    }

    public Repair repairOr() {
        return repair != null ? repair : Repair.DEFAULT;
    }

    /**
     * A digits slot and the prompts that collect it ({@code askMore} may use {partial}); {@code confirm} reads a
     * value heard with low confidence back to the caller ({@code {<slot>|digits}}), when the intent's tool marks the
     * slot high-consequence.
     */
    public record Slot(String type, int minLength, int maxLength, String ask, String askMore, String invalid,
                       String reask, String confirm) {

        public Slot(String type, int minLength, int maxLength, String ask, String askMore, String invalid,
                    String reask) {
            this(type, minLength, maxLength, ask, askMore, invalid, reask, null);
        }
    }

    public record Transfer(String target, String reason) {
    }

    public record EndCall(String reason) {
    }

    /**
     * Something the caller wants. Once its {@code slots} are filled, {@code tool} runs with them as arguments and
     * {@code say} (or {@code sayNotFound}) is spoken, then the optional transfer or end-call action. With {@code llm},
     * the tenant's LLM answers instead, within these instructions (which may use the slots' values, {@code {order}});
     * {@code say} is then the answer when the tenant has no LLM (no brain.yaml {@code llm:}, or its key is not set).
     * {@code topic} is the clarifying question about it ("Would you like me to check on an order?"; default "Do
     * you mean: &lt;its first example&gt;?").
     */
    public record Intent(String name, List<String> examples, List<String> slots, String tool, String say,
                         String sayNotFound, Transfer transfer, EndCall endCall, String llm, String topic) {

        public List<String> slotNames() {
            return slots == null ? List.of() : slots;
        }
    }

    /** Whether some turns may go to the tenant's LLM: the off-script ones, or an intent's. */
    public boolean handsOff() {
        return llm != null || intents.stream().anyMatch(i -> i.llm() != null);
    }

    public Map<String, Slot> slotsOrEmpty() {
        return slots == null ? Map.of() : slots;
    }

    /**
     * Checks references and required fields, with messages that point at the mistake.
     *
     * @param tools the names of the tenant's tools
     */
    public void validate(Set<String> tools) {
        require(greeting, "greeting");
        require(fallback, "fallback");
        if (matching == null) {
            throw new IllegalArgumentException("matching (threshold, margin) is required");
        }
        double contrast = matching.contrast() == null ? 0 : matching.contrast();
        if (contrast < 0 || contrast > 4) {
            throw new IllegalArgumentException("matching.contrast must be between 0 and 4");
        }
        // A score reaches 1 + contrast at most (cosine 1, sharpened), plus BM25 and the number cue.
        if (matching.threshold() <= 0 || matching.threshold() >= 1 + contrast || matching.margin() < 0) {
            throw new IllegalArgumentException("matching needs 0 < threshold < 1 + contrast and margin >= 0");
        }
        if (matching.clarify() != null && (matching.clarify() < 0 || matching.clarify() >= matching.threshold())) {
            throw new IllegalArgumentException("matching.clarify must be between 0 and matching.threshold");
        }
        if (repair != null && repair.afterMisses() != null && repair.afterMisses() < 1) {
            throw new IllegalArgumentException("repair.afterMisses must be at least 1");
        }
        if (knowledge != null && (knowledge.threshold() <= 0 || knowledge.threshold() >= 1 + contrast)) {
            throw new IllegalArgumentException("knowledge.threshold must be between 0 and 1 + matching.contrast");
        }
        slotsOrEmpty().forEach((name, slot) -> {
            if (!"digits".equals(slot.type())) {
                throw new IllegalArgumentException("slot '" + name + "' has unknown type '" + slot.type()
                        + "' (known: digits)");
            }
            if (slot.minLength() < 1 || slot.maxLength() < slot.minLength()) {
                throw new IllegalArgumentException("slot '" + name + "' needs 1 <= minLength <= maxLength");
            }
            require(slot.ask(), "slots." + name + ".ask");
        });
        if (intents == null || intents.isEmpty()) {
            throw new IllegalArgumentException("a flow needs at least one intent");
        }
        if (llm != null) {
            require(llm.instructions(), "llm.instructions");
            if (llm.maxTurnsOr() < 1) {
                throw new IllegalArgumentException("llm.maxTurns must be at least 1");
            }
        }
        Set<String> names = new HashSet<>();
        for (Intent intent : intents) {
            require(intent.name(), "intents[].name");
            if (!names.add(intent.name())) {
                throw new IllegalArgumentException("intent '" + intent.name() + "' is defined twice");
            }
            if (intent.examples() == null || intent.examples().isEmpty()) {
                throw new IllegalArgumentException("intent '" + intent.name() + "' needs examples");
            }
            require(intent.say(), "intents." + intent.name() + ".say");
            for (String slot : intent.slotNames()) {
                if (!slotsOrEmpty().containsKey(slot)) {
                    throw new IllegalArgumentException("intent '" + intent.name() + "' uses undefined slot '"
                            + slot + "'");
                }
            }
            if (intent.tool() != null && !tools.contains(intent.tool())) {
                throw new IllegalArgumentException("intent '" + intent.name() + "' uses tool '" + intent.tool()
                        + "', which tenant.yaml does not define");
            }
            if (intent.transfer() != null) {
                require(intent.transfer().target(), "intents." + intent.name() + ".transfer.target");
            }
            if (intent.llm() != null) {
                require(intent.llm(), "intents." + intent.name() + ".llm");
                if (intent.tool() != null || intent.transfer() != null || intent.endCall() != null) {
                    throw new IllegalArgumentException("intent '" + intent.name() + "' hands its turn to the LLM "
                            + "(llm:), which calls the tenant's tools, transfers and ends calls itself; drop tool:, "
                            + "transfer: and endCall:");
                }
                Map<String, String> slotValues = new HashMap<>();
                intent.slotNames().forEach(slot -> slotValues.put(slot, "0"));
                Template.render(intent.llm(), slotValues); // a placeholder that is not a slot fails now, not in a call
            }
            if (intent.transfer() != null && intent.endCall() != null) {
                throw new IllegalArgumentException("intent '" + intent.name()
                        + "' cannot both transfer and end the call");
            }
        }
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is required");
        }
    }
}
