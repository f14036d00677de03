package dev.parley.gateway.turntaking;

import java.util.Locale;
import java.util.Set;

/**
 * Whether a transcript sounds finished. A caller dictating "my order is one two ... three four" pauses between
 * digit groups, and "my email is" or a trailing "and" promise more: those turns get a longer wait before the
 * agent answers, while a complete question is answered at once. When the brain said how many digits make a whole
 * number ({@link ExpectedDigits}), a number of that many digits is finished and one of fewer is not.
 */
final class TurnCompleteness {
    /** Words nothing ends on: "my order is", "one two and". */
    private static final Set<String> DANGLING = Set.of("and", "or", "but", "so", "because", "the", "a", "an", "my",
            "your", "our", "is", "are", "was", "um", "uh", "er", "like", "its", "it's", "dot", "then");
    /**
     * Words a statement goes on after ("my phone number ...", "i need to talk to ...") but a question may end on:
     * a thing asked about ("what's your address", not "where is my order ..."), or a preposition after a wh-word or a
     * long question ("who can i talk to"; not "can i speak to ...").
     */
    private static final Set<String> VALUE_NOUNS = Set.of("number", "email", "address", "zip", "code", "name",
            "phone", "card", "order", "account");
    private static final Set<String> PREPOSITIONS = Set.of("to", "of", "for", "with", "at", "in", "on", "about",
            "from");
    private static final int LONG_QUESTION_WORDS = 6;
    private static final Set<String> DIGITS = Set.of("zero", "oh", "one", "two", "three", "four", "five", "six",
            "seven", "eight", "nine");
    /** What the recognizer writes for a digit it heard without context ("one too"): digits only next to real ones. */
    private static final Set<String> DIGIT_HOMOPHONES = Set.of("too", "to", "won", "for", "fore", "ate", "tree",
            "free");
    /** "my order number is …", or as the recognizer often hears it, "… number in …". */
    private static final Set<String> VALUE_INTRODUCERS = Set.of("is", "in", "it's", "was", "as");
    /** A number being read that the recognizer made words of is at most this many words long so far. */
    private static final int MISHEARD_NUMBER_WORDS = 5;

    private TurnCompleteness() {
    }

    private static final Set<String> WH_WORDS = Set.of("what", "what's", "whats", "where", "where's", "when",
            "when's", "how", "how's", "why", "who", "who's", "which");
    private static final Set<String> QUESTION_STARTS = Set.of("what", "where", "when", "how", "why", "who", "which",
            "can", "could", "do", "does", "did", "is", "are", "will", "would", "should", "may", "have", "has");
    private static final Set<String> CLOSINGS = Set.of("goodbye", "bye", "thanks", "thank", "please");
    private static final Set<String> CLOSING_PAIRS = Set.of("take care", "see you", "that's all", "that's everything",
            "all set");
    /** Answers to a yes/no question (a read-back, "anything else?"): nothing more is coming. */
    private static final Set<String> YES_NO = Set.of("yes", "yeah", "yep", "no", "nope", "correct", "right",
            "exactly", "sure", "okay", "ok");
    /** Requests that are whole once they name what they want: "i'd like to book a check up". */
    private static final Set<String> REQUEST_STARTS = Set.of("i'd", "i", "i'm", "we'd", "we", "please", "can",
            "could");
    private static final Set<String> REQUEST_VERBS = Set.of("like", "want", "need", "book", "cancel", "change",
            "speak", "talk", "check", "make", "reschedule", "know", "calling");

    /**
     * A whole question ("what are your opening hours"), a whole request ("i'd like to book a check up"), a yes/no
     * answer ("yes that's right") or a closing ("goodbye"): safe to answer sooner.
     */
    static boolean looksComplete(String transcript, ExpectedDigits expected) {
        String[] words = transcript.toLowerCase(Locale.ROOT).trim().split("\\s+");
        if (words.length == 0 || words[0].isEmpty() || looksUnfinished(transcript, expected)) {
            return false;
        }
        if (expected.completes(trailingDigits(words))) {
            return true;
        }
        String last = words[words.length - 1];
        if (CLOSINGS.contains(last) || words.length <= 2 && CLOSINGS.contains(words[0])
                || words.length >= 2 && CLOSING_PAIRS.contains(words[words.length - 2] + " " + last)) {
            return true;
        }
        if (YES_NO.contains(words[0]) && words.length <= 4) {
            return true;
        }
        if (words.length >= 5 && REQUEST_STARTS.contains(words[0]) && containsAny(words, REQUEST_VERBS, 3)) {
            return true;
        }
        return words.length >= 4 && QUESTION_STARTS.contains(words[0])
                || words.length >= 3 && WH_WORDS.contains(words[0]);
    }

    /** A wh-question, maybe after a word or two of lead-in ("okay so where is ..."). */
    private static boolean startsWithWhWord(String[] words) {
        for (int i = 0; i < Math.min(3, words.length); i++) {
            if (WH_WORDS.contains(words[i])) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsAny(String[] words, Set<String> wanted, int within) {
        for (int i = 0; i < Math.min(within, words.length); i++) {
            if (wanted.contains(words[i])) {
                return true;
            }
        }
        return false;
    }

    static boolean looksUnfinished(String transcript, ExpectedDigits expected) {
        String[] words = transcript.toLowerCase(Locale.ROOT).trim().split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) {
            return false;
        }
        int digits = trailingDigits(words);
        if (digits > 0 && expected.known()) {
            return expected.wantsMoreThan(digits);
        }
        if (expected.known() && readingAMisheardNumber(words, expected)) {
            return true;
        }
        String last = words[words.length - 1];
        if (digits == 0 && VALUE_NOUNS.contains(last)) {
            // "where is my order ..." is often followed by its number; "what's your address" is not.
            boolean ownValue = words.length >= 2 && words[words.length - 2].equals("my");
            return ownValue || !QUESTION_STARTS.contains(words[0]) && !startsWithWhWord(words);
        }
        if (digits == 0 && PREPOSITIONS.contains(last)) {
            return !startsWithWhWord(words)
                    && !(QUESTION_STARTS.contains(words[0]) && words.length >= LONG_QUESTION_WORDS);
        }
        // Digits at the end: the caller may be reading a number in groups; fewer than ten digits may go on.
        return DANGLING.contains(last) || digits > 0 && digits < 10;
    }

    /**
     * "my order number in freefall", "… is five six i did": the brain asked for a number, the caller introduced one,
     * and the few words since hold fewer digits than a whole number (the recognizer made words of some). The caller
     * is still reading it, maybe in groups: the agent waits as it does for trailing digits.
     */
    private static boolean readingAMisheardNumber(String[] words, ExpectedDigits expected) {
        for (int i = words.length - 2; i >= Math.max(1, words.length - 1 - MISHEARD_NUMBER_WORDS); i--) {
            if (VALUE_INTRODUCERS.contains(words[i]) && VALUE_NOUNS.contains(words[i - 1])) {
                int digits = 0;
                for (int j = i + 1; j < words.length; j++) {
                    String w = words[j];
                    boolean number = !w.isEmpty() && w.chars().allMatch(Character::isDigit);
                    digits += number ? w.length() : DIGITS.contains(w) || DIGIT_HOMOPHONES.contains(w) ? 1 : 0;
                }
                return expected.wantsMoreThan(digits);
            }
        }
        return false;
    }

    /**
     * How many digits the transcript ends with: spoken digits ("double five" is two), digit strings, and the
     * recognizer's homophones ("one too") next to a real digit. 0 when it does not end in a number.
     */
    static int trailingDigits(String[] words) {
        int count = 0;
        boolean realDigit = false;
        for (int i = words.length - 1; i >= 0; i--) {
            String w = words[i];
            if (!w.isEmpty() && w.chars().allMatch(Character::isDigit)) {
                count += w.length();
                realDigit = true;
            } else if (w.equals("double") || w.equals("triple")) {
                count += w.equals("double") ? 1 : 2;
            } else if (DIGITS.contains(w)) {
                count++;
                realDigit = true;
            } else if (DIGIT_HOMOPHONES.contains(w)) {
                count++;
            } else {
                break;
            }
        }
        return realDigit ? count : 0;
    }
}
