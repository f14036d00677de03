package dev.parley.e2e.bench;

import dev.parley.e2e.SampleCall;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the benchmark's callers ask: the tenants' sample-call lines and the held-out paraphrases
 * (heldout-questions.txt, which nobody tunes on). Whether a turn is number dictation comes from here — from the
 * script's words — never from what the gateway did with it.
 */
final class Questions {
    static final List<String> TENANTS = List.of("acme", "brightsmile");
    private static final Set<String> DIGIT_WORDS = Set.of("zero", "oh", "one", "two", "three", "four", "five", "six",
            "seven", "eight", "nine");
    /** Answers after which the call ends or the flow waits for a number: asked last in a call. */
    private static final Set<String> CLOSING = Set.of("goodbye", "transfer", "emergency", "order_status",
            "book_appointment");

    /** One question: its tenant, what the tenant should make of it, its words, and where it came from. */
    record Question(String tenant, String expected, String text, boolean heldOut) {
        boolean closesCall() {
            return CLOSING.contains(expected);
        }

        /** Two or more digit words in a row: the caller is reading out a number. */
        boolean dictation() {
            int run = 0;
            for (String w : text.split("\\s+")) {
                run = DIGIT_WORDS.contains(w) ? run + 1 : 0;
                if (run >= 2) {
                    return true;
                }
            }
            return false;
        }
    }

    private Questions() {
    }

    /** The sample call of {@code tenant}, line by line; its last line (goodbye) closes the call. */
    static List<Question> sampleCall(String tenant) {
        List<String> lines = SampleCall.script(tenant).utterances();
        List<Question> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            out.add(new Question(tenant, i == lines.size() - 1 ? "goodbye" : "sample", lines.get(i), false));
        }
        return out;
    }

    static List<Question> heldOut() {
        try (InputStream in = Questions.class.getResourceAsStream("heldout-questions.txt")) {
            if (in == null) {
                throw new IllegalStateException("heldout-questions.txt is not on the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read heldout-questions.txt", e);
        }
    }

    static List<Question> parse(String text) {
        List<Question> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split("\\|");
            if (parts.length != 3) {
                throw new IllegalStateException("held-out line is not 'tenant | expected | question': " + l);
            }
            out.add(new Question(parts[0].strip(), parts[1].strip(), parts[2].strip(), true));
        }
        return out;
    }

    /**
     * Splits one tenant's questions into calls: up to {@code perCall} questions each, any closing question last in
     * its call (one per call).
     */
    static List<List<Question>> intoCalls(List<Question> questions, int perCall) {
        List<Question> open = questions.stream().filter(q -> !q.closesCall()).toList();
        List<Question> closing = questions.stream().filter(Question::closesCall).toList();
        int calls = Math.max(closing.size(), (open.size() + perCall - 1) / perCall);
        List<List<Question>> out = new ArrayList<>();
        for (int c = 0; c < calls; c++) {
            out.add(new ArrayList<>());
        }
        for (int i = 0; i < open.size(); i++) {
            out.get(i % calls).add(open.get(i));
        }
        for (int i = 0; i < closing.size(); i++) {
            out.get(i).add(closing.get(i));
        }
        return out;
    }
}
