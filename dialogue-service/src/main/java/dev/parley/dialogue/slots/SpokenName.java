package dev.parley.dialogue.slots;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the name a caller introduces themselves with: the words after "my name is", "name's", "call me" or "I'm
 * called", up to three of them, stopping at the first word that cannot be part of a name ("my name is Ann and I'd
 * like…"). Recognizers write names in lower case; the value is title-cased for the prompt. A bare "I'm …" or "this is
 * …" is left alone: "I'm looking for my order" is far more common on a call than a name.
 */
public final class SpokenName {

    private static final List<List<String>> CUES = List.of(
            List.of("name", "is"), List.of("name's"), List.of("call", "me"), List.of("i'm", "called"),
            List.of("i", "am", "called"), List.of("names", "is"));
    static final int MAX_WORDS = 3;
    /** Words that end a name: joiners, pronouns, fillers, and what callers say right after introducing themselves. */
    private static final Set<String> NOT_A_NAME = Set.of("and", "but", "so", "or", "i", "i'm", "i'd", "i've", "im",
            "my", "me", "from", "calling", "with", "about", "because", "please", "thanks", "thank", "you", "uh", "um",
            "er", "erm", "hmm", "the", "a", "an", "to", "for", "is", "it", "it's", "that", "that's", "this", "hi",
            "hello", "hey", "yes", "yeah", "no", "not", "okay", "ok", "here", "again", "by", "at", "on", "in", "of",
            "order", "number", "patient", "account", "phone", "mister", "mr", "mrs", "miss", "ms", "doctor", "dr",
            "spelled", "like", "just", "actually", "well", "oh", "what", "whats", "what's", "your", "we", "was");
    private static final Set<String> TITLES = Set.of("mister", "mr", "mrs", "miss", "ms", "doctor", "dr");

    /** {@code value} title-cased ("Ann Lee"); {@code confidence} the lowest of its words', null when not known. */
    public record Name(String value, Float confidence) {
    }

    private SpokenName() {
    }

    /** The names introduced in the turn, in the order said. */
    public static List<Name> find(Utterance said) {
        List<String> tokens = said.tokens();
        List<Name> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            int start = cueEnd(tokens, i);
            if (start < 0) {
                continue;
            }
            if (start < tokens.size() && TITLES.contains(tokens.get(start))) {
                start++;
            }
            int end = start;
            while (end < tokens.size() && end - start < MAX_WORDS && isNameWord(tokens.get(end))) {
                end++;
            }
            if (end == start) {
                continue;
            }
            StringBuilder value = new StringBuilder();
            Float confidence = null;
            for (int j = start; j < end; j++) {
                value.append(value.length() == 0 ? "" : " ").append(titleCase(tokens.get(j)));
                confidence = Confidence.lowest(confidence, said.confidence(j));
            }
            out.add(new Name(value.toString(), confidence));
            i = end - 1;
        }
        return out;
    }

    /** The index right after a cue that starts at {@code i}, or -1. */
    private static int cueEnd(List<String> tokens, int i) {
        for (List<String> cue : CUES) {
            if (i + cue.size() <= tokens.size() && tokens.subList(i, i + cue.size()).equals(cue)) {
                return i + cue.size();
            }
        }
        return -1;
    }

    private static boolean isNameWord(String token) {
        return token.length() > 1 && token.chars().allMatch(c -> Character.isLetter(c) || c == '\'')
                && !NOT_A_NAME.contains(token) && SpokenDigits.find(token).isEmpty();
    }

    private static String titleCase(String word) {
        return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }
}
