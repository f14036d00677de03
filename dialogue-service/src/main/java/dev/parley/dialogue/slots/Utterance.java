package dev.parley.dialogue.slots;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.dialogue.brain.HeardWord;
import dev.parley.dialogue.brain.Snapshotting;
import dev.parley.dialogue.brain.TurnInput;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A caller's turn as the slot readers see it: lower-case tokens without punctuation, each with how confidently the
 * recognizer heard the word it came from. Knowing which words make up a value (the digit words of an order number,
 * the words of a name) lets a read-back be decided on that value alone: one poorly heard digit counts, a mumbled "um"
 * next to it does not. Without words (typed text, an older gateway), or when they do not spell the text, every token
 * counts with the turn's mean confidence (or none).
 */
public final class Utterance {

    /** Stands in for a blanked-out token: no reader takes it for a word or a number. */
    private static final String BLANK = "|";

    private final List<String> tokens;
    /** Per token; null where not known. */
    private final List<Float> confidences;
    private final Float turnConfidence;

    private Utterance(List<String> tokens, List<Float> confidences, Float turnConfidence) {
        this.tokens = tokens;
        this.confidences = confidences;
        this.turnConfidence = turnConfidence;
    }

    /** Text with no confidence (typed, keyed, or a test's). */
    public static Utterance of(String text) {
        return of(text, List.of(), null);
    }

    /** A spoken turn; keyed digits are exact (no confidence). */
    public static Utterance of(TurnInput turn) {
        return turn.isDtmf() ? of(turn.dtmfDigits()) : of(turn.text(), turn.words(), turn.confidence());
    }

    /**
     * @param words          the recognized words with their confidences (0: not known, the turn's stands in); used
     *                       only if they spell {@code text}
     * @param turnConfidence the recognizer's mean for the turn, null if not known
     */
    public static Utterance of(String text, List<HeardWord> words, Float turnConfidence) {
        List<String> tokens = tokens(text);
        List<String> wordTokens = new ArrayList<>();
        List<Float> wordConfidences = new ArrayList<>();
        for (HeardWord w : words) {
            for (String t : tokens(w.text())) {
                wordTokens.add(t);
                wordConfidences.add(w.confidence() > 0 ? Float.valueOf(w.confidence()) : turnConfidence);
            }
        }
        boolean spelled = !words.isEmpty() && wordTokens.equals(tokens);
        // Unmodifiable rather than List.copyOf: an unknown confidence is a null.
        return new Utterance(tokens, spelled ? Collections.unmodifiableList(wordConfidences)
                : Collections.nCopies(tokens.size(), turnConfidence), turnConfidence);
    }

    /**
     * Writes the utterance for a call's snapshot (a brain remembers how turns were heard): its tokens, the turn's
     * mean, and the words' confidences unless every token has the mean's (no words known).
     */
    public void write(ObjectNode out) {
        out.put("tokens", String.join(" ", tokens));
        if (turnConfidence != null) {
            out.put("mean", turnConfidence);
        }
        if (!confidences.equals(Collections.nCopies(tokens.size(), turnConfidence))) {
            ArrayNode words = out.putArray("confidences");
            confidences.forEach(c -> {
                if (c == null) {
                    words.addNull();
                } else {
                    words.add(c);
                }
            });
        }
    }

    /** An utterance as {@link #write} wrote it. */
    public static Utterance read(JsonNode in) {
        String joined = Snapshotting.requireText(in.get("tokens"));
        List<String> tokens = joined.isEmpty() ? List.of() : List.of(joined.split(" "));
        Float mean = Snapshotting.readFloat(in.get("mean"));
        JsonNode words = in.get("confidences");
        if (words == null) {
            return new Utterance(tokens, Collections.nCopies(tokens.size(), mean), mean);
        }
        if (!words.isArray() || words.size() != tokens.size()) {
            throw new IllegalArgumentException("an utterance needs one confidence per token");
        }
        List<Float> confidences = new ArrayList<>();
        words.forEach(c -> confidences.add(Snapshotting.readFloat(c)));
        return new Utterance(List.copyOf(tokens), Collections.unmodifiableList(confidences), mean);
    }

    /** Lower-case words without punctuation; "twelve thirty-four" is three tokens, "1,234" two. */
    static List<String> tokens(String text) {
        String cleaned = text.toLowerCase(Locale.ROOT).replace('-', ' ').replaceAll("[^a-z0-9' ]", " ");
        List<String> tokens = new ArrayList<>();
        for (String t : cleaned.trim().split("\\s+")) {
            if (!t.isEmpty()) {
                tokens.add(t);
            }
        }
        return tokens;
    }

    List<String> tokens() {
        return tokens;
    }

    /** Tokens {@code from} (inclusive) to {@code to} (exclusive), with their confidences. */
    Utterance slice(int from, int to) {
        return new Utterance(tokens.subList(from, to), confidences.subList(from, to), turnConfidence);
    }

    /**
     * The utterance with tokens {@code from} to {@code to} (exclusive) blanked out, so that what another reader
     * claimed (the "ten thirty" of a time) is not read again as something else (order number 1030).
     */
    public Utterance without(int from, int to) {
        List<String> masked = new ArrayList<>(tokens);
        for (int i = from; i < to; i++) {
            masked.set(i, BLANK);
        }
        return new Utterance(Collections.unmodifiableList(masked), confidences, turnConfidence);
    }

    /** How confidently the word of token {@code i} was heard; null if not known. */
    Float confidence(int i) {
        return confidences.get(i);
    }

    /** Whether the caller said {@code value}: its digits (however spoken), or else its words in a row. */
    public boolean holds(String value) {
        return locate(value) != null;
    }

    /**
     * How confidently {@code value} was heard: the lowest confidence among the words that make it up (for digits, the
     * words of the numbers that said them, homophones like "too" included); the turn's mean if the value is not found
     * in the turn; null if not known.
     */
    public Float confidenceOf(String value) {
        Found found = locate(value);
        return found == null ? turnConfidence : found.confidence();
    }

    private record Found(Float confidence) {
    }

    private Found locate(String value) {
        String digits = value.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? locateWords(tokens(value)) : locateDigits(digits);
    }

    /** The numbers said, end to end; the value's digits may span several ("four eight two, nine one three"). */
    private Found locateDigits(String digits) {
        List<DigitRun> runs = SpokenDigits.find(this);
        StringBuilder said = new StringBuilder();
        List<Integer> runOfDigit = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            said.append(runs.get(r).digits());
            for (int i = 0; i < runs.get(r).digits().length(); i++) {
                runOfDigit.add(r);
            }
        }
        // The last mention wins, as it does when a slot is filled ("1234, no sorry, 5678").
        int at = said.lastIndexOf(digits);
        if (at < 0) {
            return null;
        }
        Float lowest = null;
        for (int r = runOfDigit.get(at); r <= runOfDigit.get(at + digits.length() - 1); r++) {
            lowest = Confidence.lowest(lowest, runs.get(r).confidence());
        }
        return new Found(lowest);
    }

    private Found locateWords(List<String> words) {
        if (words.isEmpty()) {
            return null;
        }
        for (int i = tokens.size() - words.size(); i >= 0; i--) {
            if (tokens.subList(i, i + words.size()).equals(words)) {
                Float lowest = null;
                for (int j = i; j < i + words.size(); j++) {
                    lowest = Confidence.lowest(lowest, confidences.get(j));
                }
                return new Found(lowest);
            }
        }
        return null;
    }
}
