package dev.parley.dialogue.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A call's summary in one or two sentences, built from what it came to — the same facts always give the same words:
 * what the caller asked about, then how each tool's newest run went and how the call ended. E.g. "The caller asked
 * about order status and opening hours. Order status for order 1234: found; the agent ended the call."
 */
final class TemplateSummary {

    static final String BY = "template";

    private TemplateSummary() {
    }

    static String of(CallRecord.Facts facts) {
        if (facts.callerTurns() == 0) {
            return facts.transferred() ? "The call was transferred before the caller said anything."
                    : "The call ended before the caller said anything.";
        }
        List<String> topics = new ArrayList<>();
        facts.intents().forEach(i -> topics.add(i.replace('_', ' ')));
        facts.knowledge().forEach(k -> topics.add(heading(k)));
        String first;
        if (!topics.isEmpty()) {
            first = "The caller asked about " + list(topics) + ".";
        } else {
            first = "The caller took " + facts.callerTurns() + (facts.callerTurns() == 1 ? " turn" : " turns")
                    + (facts.misses() > 0 ? " the agent did not understand." : ".");
        }
        List<String> outcomes = new ArrayList<>();
        newestRuns(facts).forEach((tool, run) -> outcomes.add(tool.replace('_', ' ') + arguments(run) + ": "
                + (!run.ok() ? "failed" : run.found() ? "found" : "not found")));
        outcomes.add(facts.transferred() ? "the caller was transferred to a person"
                : facts.agentEnded() ? "the agent ended the call" : "the caller hung up");
        String second = String.join("; ", outcomes);
        return first + " " + Character.toUpperCase(second.charAt(0)) + second.substring(1) + ".";
    }

    private static Map<String, CallRecord.ToolRun> newestRuns(CallRecord.Facts facts) {
        Map<String, CallRecord.ToolRun> newest = new LinkedHashMap<>();
        facts.tools().forEach(run -> {
            newest.remove(run.tool());
            newest.put(run.tool(), run);
        });
        return newest;
    }

    /** " for order 1234", from the run's arguments in name order; empty without arguments. */
    private static String arguments(CallRecord.ToolRun run) {
        if (run.arguments().isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        new TreeMap<>(run.arguments()).forEach((name, value) -> parts.add(name.replace('_', ' ') + " " + value));
        return " for " + String.join(", ", parts);
    }

    /** A knowledge heading as a topic: "What are your opening hours?" -> "what are your opening hours". */
    private static String heading(String heading) {
        String h = heading.strip();
        while (h.endsWith("?") || h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.isEmpty() ? h : h.substring(0, 1).toLowerCase(Locale.ROOT) + h.substring(1);
    }

    private static String list(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }
}
