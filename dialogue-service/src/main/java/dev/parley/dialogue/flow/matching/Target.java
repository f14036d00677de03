package dev.parley.dialogue.flow.matching;

import dev.parley.dialogue.flow.FlowDefinition;
import dev.parley.dialogue.knowledge.KnowledgeChunk;

import java.util.List;

/**
 * Something a caller's turn can be about: an intent (its {@code intent} set), a knowledge section (its
 * {@code chunk} set) or, with neither, the tenant's out-of-scope requests, which the matcher never places a turn on.
 * {@code texts} are what its embeddings are taken of, {@code document} what BM25 indexes, and {@code topic} how a
 * clarifying question names it ("Do you mean: how do returns work?").
 */
public record Target(FlowDefinition.Intent intent, KnowledgeChunk chunk, List<String> texts, String document,
                     String topic) {

    static final String OUT_OF_SCOPE = "out of scope";

    public boolean isIntent() {
        return intent != null;
    }

    boolean isOutOfScope() {
        return intent == null && chunk == null;
    }

    /** What the tenant does not handle (flow.yaml {@code matching.outOfScope}), matched by those requests. */
    static Target outOfScope(List<String> requests) {
        return new Target(null, null, List.copyOf(requests), String.join(". ", requests), null);
    }

    /** The intent's name or the section's heading. */
    public String name() {
        return intent != null ? intent.name() : chunk != null ? chunk.heading() : OUT_OF_SCOPE;
    }

    /**
     * Names this target across instances (a call's state remembers the target a clarifying question asked about):
     * an intent by its name; a section by its heading and its text, as split sections share a heading.
     */
    public String ref() {
        return intent != null ? "intent:" + intent.name() : chunk == null ? OUT_OF_SCOPE
                : "knowledge:" + Integer.toHexString(chunk.text().hashCode()) + ":" + chunk.heading();
    }

    /** An intent, matched by its examples; its clarifying question is its {@code topic}, or asks about its first example. */
    static Target of(FlowDefinition.Intent intent) {
        String topic = intent.topic() != null ? intent.topic() : "Do you mean: " + question(intent.examples().get(0));
        return new Target(intent, null, List.copyOf(intent.examples()), String.join(". ", intent.examples()), topic);
    }

    static Target of(KnowledgeChunk chunk) {
        return of(chunk, List.of());
    }

    /**
     * A knowledge section, matched by its heading, each question of the heading, the tenant's other ways of asking
     * it ({@code asked}), its answer, each sentence of the answer, and heading and answer together: callers ask about
     * one detail of an answer as often as its heading.
     */
    static Target of(KnowledgeChunk chunk, List<String> asked) {
        List<String> texts = new java.util.ArrayList<>();
        texts.add(chunk.heading());
        List<String> questions = sentences(chunk.heading());
        if (questions.size() > 1) {
            texts.addAll(questions);
        }
        texts.addAll(asked);
        texts.add(chunk.text());
        List<String> answer = sentences(chunk.text());
        if (answer.size() > 1) {
            texts.addAll(answer);
        }
        texts.add(chunk.heading() + "\n" + chunk.text());
        String topic = "Is your question: " + question(questions.isEmpty() ? chunk.heading() : questions.get(0));
        String document = chunk.heading() + ". " + (asked.isEmpty() ? "" : String.join(". ", asked) + ". ")
                + chunk.text();
        return new Target(null, chunk, List.copyOf(texts), document, topic);
    }

    /** A text's sentences, each with its end mark ("When are you open?", "We're open ..."). */
    static List<String> sentences(String text) {
        List<String> out = new java.util.ArrayList<>();
        for (String s : text.split("(?<=[.?!])\\s+")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    /** "How do returns work?" as the end of a question: "how do returns work?". */
    private static String question(String text) {
        String t = text.strip().replaceAll("[.?!]+$", "");
        if (t.isEmpty()) {
            return "?";
        }
        boolean pronounI = t.startsWith("I ") || t.startsWith("I'");
        return (pronounI ? t : Character.toLowerCase(t.charAt(0)) + t.substring(1)) + "?";
    }
}
