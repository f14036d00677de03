package dev.parley.dialogue.flow.paraphrase;

import dev.parley.dialogue.brain.Brain;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.TurnInput;
import dev.parley.dialogue.flow.Decision;
import dev.parley.dialogue.flow.FlowBrain;
import dev.parley.dialogue.support.Answer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Plays a corpus's calls through a tenant's real brain (real embeddings, real tools) and labels what the flow made of
 * each request, in the corpus's own terms.
 */
final class CorpusRun {

    enum Verdict { RIGHT, CLARIFIED, WRONG }

    record Outcome(String expected, String got, String text, String said, Verdict verdict) {

        boolean outOfScope() {
            return expected.equals("none");
        }
    }

    private CorpusRun() {
    }

    static List<Outcome> run(Brain brain, ParaphraseCorpus corpus) {
        Map<String, String> aliases = new TreeMap<>();
        corpus.sections().forEach((alias, heading) -> aliases.put(heading, alias));
        List<Outcome> outcomes = new ArrayList<>();
        for (List<ParaphraseCorpus.Request> requests : corpus.calls()) {
            Conversation call = new Conversation(corpus.tenant(), UUID.randomUUID().toString(), Map.of());
            long turn = 0;
            for (ParaphraseCorpus.Request request : requests) {
                Answer answer = Answer.of(brain, call,
                        TurnInput.speech(++turn, request.text(), request.confidence()));
                String got = FlowBrain.lastDecision(call).map(d -> label(d, aliases)).orElse("none");
                outcomes.add(new Outcome(request.expected(), got, request.text(), answer.text(),
                        verdict(request.expected(), got)));
            }
        }
        return outcomes;
    }

    static Verdict verdict(String expected, String got) {
        if (expected.equals("none")) {
            return got.equals("none") || got.startsWith("?") ? Verdict.RIGHT : Verdict.WRONG;
        }
        if (got.equals(expected)) {
            return Verdict.RIGHT;
        }
        return got.equals("?" + expected) ? Verdict.CLARIFIED : Verdict.WRONG;
    }

    /** The corpus label of a decision: see acme-heldout.txt. */
    static String label(Decision d, Map<String, String> aliases) {
        String route = d.route();
        String kind = route.contains(":") ? route.substring(0, route.indexOf(':')) : route;
        String rest = route.substring(kind.length() + (route.contains(":") ? 1 : 0));
        return switch (kind) {
            case "clarify" -> "?" + label(new Decision(rest, d.intent(), d.values()), aliases);
            case "tool" -> d.intent() + values(d);
            case "intent" -> d.values().isEmpty() ? d.intent() : d.intent() + values(d);
            case "ask", "partial", "invalid" -> d.intent() == null ? "none" : d.intent();
            case "confirm" -> "confirm" + values(d);
            case "knowledge" -> "k:" + aliases.getOrDefault(rest, rest);
            default -> "none";
        };
    }

    private static String values(Decision d) {
        return "(" + String.join(",", new TreeMap<>(d.values()).values()) + ")";
    }
}
