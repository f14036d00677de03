package dev.parley.e2e.caller;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which expected words a transcript of the agent's reply lacks, as a listener would judge it: a word counts when one
 * of its inflections was heard ("shipped" in "has ship them"). The caller's recognizer often drops an ending of a
 * voice it was not tuned on (flite, the fallback voice, is heard "ship them" for "shipped and"); the word's stem is
 * what tells whether the right answer came back. A compound heard as two words ("good bye") counts too.
 */
public final class HeardWords {
    private static final String[] ENDINGS = {"ing", "ed", "es", "s"};

    private HeardWords() {
    }

    /** The expected words (as given) none of whose inflections is in the transcript. */
    public static List<String> missing(String transcript, String... expected) {
        List<String> words = Stream.of(transcript.toLowerCase(Locale.ROOT).split("\\s+"))
                .filter(w -> !w.isEmpty()).collect(Collectors.toList());
        Set<String> heard = words.stream().map(HeardWords::stem).collect(Collectors.toSet());
        // a recognizer writes a compound as it heard it: "good bye" for "goodbye", "any time" for "anytime"
        for (int i = 1; i < words.size(); i++) {
            heard.add(stem(words.get(i - 1) + words.get(i)));
        }
        List<String> missing = new ArrayList<>();
        for (String word : expected) {
            if (!heard.contains(stem(word.toLowerCase(Locale.ROOT)))) {
                missing.add(word);
            }
        }
        return missing;
    }

    /** A crude English stem: one inflectional ending off, a doubled final consonant undone ("shipped" → "ship"). */
    static String stem(String word) {
        for (String ending : ENDINGS) {
            if (word.endsWith(ending) && word.length() - ending.length() >= 3) {
                String base = word.substring(0, word.length() - ending.length());
                int n = base.length();
                if (n >= 4 && base.charAt(n - 1) == base.charAt(n - 2) && "aeiou".indexOf(base.charAt(n - 1)) < 0) {
                    base = base.substring(0, n - 1);
                }
                return base;
            }
        }
        return word;
    }
}
