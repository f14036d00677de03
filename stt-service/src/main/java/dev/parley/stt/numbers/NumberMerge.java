package dev.parley.stt.numbers;

import dev.parley.stt.recognizer.Recognition;
import dev.parley.stt.recognizer.RecognizedWord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Puts the digits a number-only pass heard into the open recognizer's transcript of the same audio. An open
 * recognizer hears a dictated "eight three" as "eight free" or "midnight free"; a pass that knows only digits hears
 * "eight three". Where the number-only pass heard a run of at least {@value #MIN_RUN} digits, each sure enough, the
 * open transcript's words over the same stretch of audio are replaced by those digits; the rest of the sentence ("my
 * order number is") stays as the open recognizer heard it. Nothing is replaced where the open recognizer heard a
 * clear word that is not number-like ("my four year old" stays, even if the digit pass heard "four zero one"), and
 * a lone digit is left alone (a digit pass finds "four" in "for"). A run never reaches past the words it replaces,
 * and never changes the length of a number the open pass heard itself ({@link #overHeardWords},
 * {@link #heardAnotherCount}).
 */
public final class NumberMerge {
    /** Shortest run of digits taken from the number-only pass. */
    static final int MIN_RUN = 2;
    /** A digit the number-only pass is less sure of than this is not used. */
    static final float MIN_DIGIT_CONFIDENCE = 0.5f;
    /** An open-pass word at least this sure, and not number-like, vetoes the replacement of its stretch. */
    static final float CLEAR_WORD_CONFIDENCE = 0.95f;

    private static final Set<String> DIGITS = Set.of("zero", "oh", "one", "two", "three", "four", "five", "six",
            "seven", "eight", "nine", "double", "triple");
    /** What an open recognizer writes for a digit it did not take as one. */
    private static final Set<String> HOMOPHONES = Set.of("to", "too", "for", "fore", "won", "ate", "tree", "free");
    /** Number words an open recognizer makes of digits ("forty two" for "four six two"). */
    private static final Set<String> NUMBER_WORDS = Set.of("ten", "eleven", "twelve", "thirteen", "fourteen",
            "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty",
            "seventy", "eighty", "ninety", "hundred");

    private NumberMerge() {
    }

    /**
     * The open pass's final with the number-only pass's digit runs put in (word times of both on the same clock).
     * Returns {@code open} itself when nothing is replaced.
     */
    public static Recognition merge(Recognition open, Recognition digitsOnly) {
        List<RecognizedWord> words = new ArrayList<>(open.words());
        boolean changed = false;
        for (List<RecognizedWord> found : digitRuns(digitsOnly.words())) {
            List<RecognizedWord> run = overHeardWords(found, words);
            if (run.size() < MIN_RUN) {
                continue;
            }
            List<RecognizedWord> covered = coveredBy(run, words);
            if (covered.stream().anyMatch(NumberMerge::clearNonNumber) || sameWords(covered, run)
                    || heardAnotherCount(covered, run)) {
                continue;
            }
            words.removeAll(covered);
            words.addAll(run);
            changed = true;
        }
        if (!changed) {
            return open;
        }
        words.sort(Comparator.comparingLong(RecognizedWord::startMs));
        String text = String.join(" ", words.stream().map(RecognizedWord::word).toList());
        return new Recognition(open.isFinal(), text, words, open.engine());
    }

    /** Runs of consecutive digits (nothing else heard between them), each digit sure enough, long enough. */
    static List<List<RecognizedWord>> digitRuns(List<RecognizedWord> words) {
        List<List<RecognizedWord>> runs = new ArrayList<>();
        List<RecognizedWord> run = new ArrayList<>();
        for (RecognizedWord w : words) {
            if (isDigit(w.word()) && w.confidence() >= MIN_DIGIT_CONFIDENCE) {
                run.add(w);
            } else {
                keep(run, runs);
                run = new ArrayList<>();
            }
        }
        keep(run, runs);
        return runs;
    }

    private static void keep(List<RecognizedWord> run, List<List<RecognizedWord>> runs) {
        if (run.size() >= MIN_RUN) {
            runs.add(run);
        }
    }

    /**
     * The run less digits at either end that lie over none of the words it would replace: where the open pass heard
     * no word of the number, or a word next to it ("order" ends in something a digits-only pass calls "oh"; an espeak
     * "is" became "five"), the digits-only pass is more likely inventing than the open pass missing.
     */
    static List<RecognizedWord> overHeardWords(List<RecognizedWord> run, List<RecognizedWord> open) {
        List<RecognizedWord> covered = coveredBy(run, open);
        int from = 0;
        int to = run.size();
        while (from < to && !overlapsAny(run.get(from), covered)) {
            from++;
        }
        while (to > from && !overlapsAny(run.get(to - 1), covered)) {
            to--;
        }
        return run.subList(from, to);
    }

    /** The open-pass words in the run's stretch of audio (their middle inside it). */
    private static List<RecognizedWord> coveredBy(List<RecognizedWord> run, List<RecognizedWord> open) {
        long from = run.get(0).startMs();
        long to = run.get(run.size() - 1).endMs();
        return open.stream().filter(w -> midpoint(w) >= from && midpoint(w) <= to).toList();
    }

    private static boolean overlapsAny(RecognizedWord digit, List<RecognizedWord> words) {
        return words.stream().anyMatch(w -> w.startMs() < digit.endMs() && w.endMs() > digit.startMs());
    }

    /**
     * The open pass heard a number here itself (two digits or more) of another length: it is as likely that the
     * digits-only pass made a digit of a word ("may five six seven eight" -> "five five six seven eight") as that the
     * open pass lost one, and a number the open pass heard whole must not be made wrong.
     */
    private static boolean heardAnotherCount(List<RecognizedWord> covered, List<RecognizedWord> run) {
        long digits = covered.stream().filter(w -> isDigit(w.word())).count();
        long digitLike = covered.stream().filter(w -> isDigit(w.word()) || isHomophone(w.word())).count();
        return digits >= 2 && digitLike != run.size();
    }

    private static boolean clearNonNumber(RecognizedWord w) {
        String word = w.word().toLowerCase(Locale.ROOT);
        return w.confidence() >= CLEAR_WORD_CONFIDENCE && !isDigit(word) && !isHomophone(word)
                && !NUMBER_WORDS.contains(word);
    }

    private static boolean isHomophone(String word) {
        return HOMOPHONES.contains(word.toLowerCase(Locale.ROOT));
    }

    private static boolean sameWords(List<RecognizedWord> a, List<RecognizedWord> b) {
        return a.stream().map(RecognizedWord::word).toList().equals(b.stream().map(RecognizedWord::word).toList());
    }

    private static boolean isDigit(String word) {
        return DIGITS.contains(word.toLowerCase(Locale.ROOT));
    }

    private static long midpoint(RecognizedWord w) {
        return (w.startMs() + w.endMs()) / 2;
    }
}
