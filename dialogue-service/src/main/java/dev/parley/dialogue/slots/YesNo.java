package dev.parley.dialogue.slots;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a caller's reply to a read-back ("Just to check, that's order one two three four?") says yes or no. A
 * negation anywhere wins ("no", "that's not right", "wrong"), since acting on a value the caller rejected costs more
 * than asking once more.
 */
public enum YesNo {
    YES, NO, UNCLEAR;

    private static final Set<String> YES_WORDS = Set.of("yes", "yeah", "yep", "yup", "ya", "correct", "right",
            "exactly", "sure", "absolutely", "affirmative", "okay", "ok", "true", "perfect", "indeed");
    private static final Set<String> NO_WORDS = Set.of("no", "nope", "nah", "not", "wrong", "incorrect", "isn't",
            "isnt", "don't", "negative", "false");
    private static final List<String> YES_PHRASES = List.of("that's it", "that is it", "it is", "uh huh", "mm hmm");

    public static YesNo of(String reply) {
        if (reply == null) {
            return UNCLEAR;
        }
        String text = reply.toLowerCase(Locale.ROOT).replaceAll("[^a-z' ]", " ").strip().replaceAll("\\s+", " ");
        boolean yes = false;
        for (String word : text.split(" ")) {
            if (NO_WORDS.contains(word)) {
                return NO;
            }
            yes |= YES_WORDS.contains(word);
        }
        if (yes) {
            return YES;
        }
        for (String phrase : YES_PHRASES) {
            if ((" " + text + " ").contains(" " + phrase + " ")) {
                return YES;
            }
        }
        return UNCLEAR;
    }
}
