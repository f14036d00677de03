package dev.parley.tts.phrasing;

import dev.parley.tts.normalize.Abbreviations;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Cuts text that arrives in pieces (which may split words) into phrases, emitting each as soon as it is known to
 * be complete. A cut is decided only when the text after it is known ("5." may become "5.50", "Dr." is not a
 * sentence end), so a phrase may wait for the first character of the next piece. Not thread-safe: one per stream.
 */
public final class Phraser {
    private static final String TERMINATORS = ".!?\u2026";
    private static final String CLAUSE_MARKS = ",;:\u2014";
    private static final String CLOSERS = "\"')]\u201d\u2019\u00bb";
    private static final int WAIT = -2;
    private static final int NONE = -1;

    private final PhrasingPolicy policy;
    private final LongSupplier clockMs;
    private final StringBuilder text = new StringBuilder();
    private final List<Phrase> emitted = new ArrayList<>();
    private int cut;
    private int scan;
    private boolean finished;
    /** When the first words of the reply arrived (clock ms), or -1. */
    private long firstTextAtMs = -1;

    public Phraser(PhrasingPolicy policy) {
        this(policy, System::currentTimeMillis);
    }

    /** @param clockMs the time text arrives, for the first phrase's longest wait */
    public Phraser(PhrasingPolicy policy, LongSupplier clockMs) {
        this.policy = policy;
        this.clockMs = clockMs;
    }

    /** All text received so far, as sent. */
    public String text() {
        return text.toString();
    }

    /** Adds a piece of text; returns the phrases it completed, in order (often none). */
    public List<Phrase> append(CharSequence piece) {
        if (finished) {
            throw new IllegalStateException("text after the end of the utterance");
        }
        text.append(piece);
        List<Phrase> out = new ArrayList<>();
        while (scan < text.length()) {
            int boundary = boundaryAt(scan);
            if (boundary == WAIT) {
                break;
            }
            if (boundary != NONE) {
                emit(boundary, out);
            }
            scan++;
        }
        cutSlowFirstPhrase(out);
        return out;
    }

    /** The first phrase has waited long enough for punctuation: the words already whole are said now. */
    private void cutSlowFirstPhrase(List<Phrase> out) {
        if (!emitted.isEmpty() || policy.firstPhraseMaxWaitMs() == 0) {
            return;
        }
        long now = clockMs.getAsLong();
        if (firstTextAtMs < 0) {
            if (contentLength(text.length()) > 0) {
                firstTextAtMs = now;
            }
            return;
        }
        if (now - firstTextAtMs >= policy.firstPhraseMaxWaitMs()) {
            int at = lastWordEnd();
            if (at > cut && at <= scan) {
                emit(at, out);
            }
        }
    }

    /** The end of the last whole word (a word followed by whitespace), or -1. */
    private int lastWordEnd() {
        for (int i = text.length() - 1; i > cut; i--) {
            if (Character.isWhitespace(text.charAt(i)) && !Character.isWhitespace(text.charAt(i - 1))) {
                return i;
            }
        }
        return -1;
    }

    /** No more text: the rest is the last phrase (none if only whitespace is left). */
    public List<Phrase> finish() {
        finished = true;
        List<Phrase> out = new ArrayList<>();
        emit(text.length(), out);
        return out;
    }

    /** Phrases emitted so far. */
    public int phraseCount() {
        return emitted.size();
    }

    private void emit(int boundary, List<Phrase> out) {
        if (boundary <= cut || text.substring(cut, boundary).isBlank()) {
            return; // whitespace alone is not a phrase; it joins the next one
        }
        Phrase p = new Phrase(emitted.size(), cut, boundary);
        emitted.add(p);
        out.add(p);
        cut = boundary;
    }

    /** The cut position decided by the character at {@code p}, NONE, or WAIT for more text. */
    private int boundaryAt(int p) {
        char c = text.charAt(p);
        if (c == '\n') {
            return p + 1;
        }
        boolean closesSentence = CLOSERS.indexOf(c) >= 0 && p > 0 && endsSentence(p - 1);
        if (TERMINATORS.indexOf(c) >= 0 || closesSentence) {
            if (p + 1 >= text.length()) {
                return WAIT;
            }
            char next = text.charAt(p + 1);
            if (!Character.isWhitespace(next)) {
                return NONE; // "3.5", "example.com", "?!" and closing quotes decide later
            }
            return c == '.' ? periodBoundary(p) : p + 1;
        }
        if (CLAUSE_MARKS.indexOf(c) >= 0 && contentLength(p + 1) >= clauseThreshold()) {
            int after = nextNonSpace(p + 1);
            if (after < 0) {
                return WAIT;
            }
            // "1, 2, 3" and "March 5, 2024" stay together; so does "9:30" (no space after the colon)
            boolean spaced = after > p + 1;
            return spaced && !Character.isDigit(text.charAt(after)) ? p + 1 : NONE;
        }
        if (Character.isWhitespace(c) && p > 0 && !Character.isWhitespace(text.charAt(p - 1))
                && contentLength(p) > policy.maxChars()) {
            return p;
        }
        return NONE;
    }

    private boolean endsSentence(int p) {
        int i = p;
        while (i > cut && CLOSERS.indexOf(text.charAt(i)) >= 0) {
            i--;
        }
        return TERMINATORS.indexOf(text.charAt(i)) >= 0;
    }

    /** A period followed by whitespace: a sentence end unless it closes an abbreviation or an initial. */
    private int periodBoundary(int p) {
        String word = wordBefore(p);
        if (word.equalsIgnoreCase("a.m") || word.equalsIgnoreCase("p.m")) {
            int after = nextNonSpace(p + 1);
            if (after < 0) {
                return WAIT;
            }
            return Character.isUpperCase(text.charAt(after)) ? p + 1 : NONE;
        }
        return word.isEmpty() || Abbreviations.periodMayEndSentence(word) ? p + 1 : NONE;
    }

    /** Letters and inner periods right before position p ("e.g", "Dr", "a.m"); "" after a digit or symbol. */
    private String wordBefore(int p) {
        int i = p - 1;
        while (i >= 0 && (Character.isLetter(text.charAt(i))
                || (text.charAt(i) == '.' && i > 0 && Character.isLetter(text.charAt(i - 1))))) {
            i--;
        }
        return text.substring(i + 1, p);
    }

    private int clauseThreshold() {
        return emitted.isEmpty() ? policy.firstClauseChars() : policy.clauseChars();
    }

    /** Characters of the current phrase up to {@code end}, not counting leading whitespace. */
    private int contentLength(int end) {
        int start = cut;
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        return end - start;
    }

    private int nextNonSpace(int from) {
        for (int i = from; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
