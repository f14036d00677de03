package dev.parley.contracts.redaction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Masks a tenant's PII in text that leaves the live path: digit runs (patient numbers, phone numbers, card numbers)
 * written or spoken, e-mail addresses, and the values the call recognized for the tenant's listed slots. Called per
 * turn, so it tokenizes each text once and scans it linearly; no regular expression runs on caller text.
 */
public final class Redactor {

    public static final String MASK = "[redacted]";

    /** Characters [start, end) of a text. */
    public record Span(int start, int end) {
    }

    private final RedactionPolicy policy;

    public Redactor(RedactionPolicy policy) {
        this.policy = policy == null ? RedactionPolicy.NONE : policy;
    }

    public boolean enabled() {
        return policy.enabled();
    }

    public RedactionPolicy policy() {
        return policy;
    }

    /**
     * Character ranges of PII in {@code text}, sorted and merged: digit runs of at least the policy's minDigits digits,
     * written or spoken; e-mail addresses written or spoken (when the policy masks e-mails); and each of {@code values}
     * (case-insensitive, and digits match whether written or spoken on either side). Empty when the policy is disabled.
     */
    public List<Span> find(String text, Collection<String> values) {
        if (!policy.enabled() || text == null || text.isEmpty()) {
            return List.of();
        }
        List<Token> tokens = Tokens.of(text);
        List<NumberRuns.Run> runs = NumberRuns.find(text, tokens);
        List<Span> spans = new ArrayList<>();
        for (NumberRuns.Run run : runs) {
            if (run.digits().length() >= policy.minDigits()) {
                spans.add(span(text, tokens, run));
            }
        }
        if (policy.emails()) {
            Emails.written(text, spans);
            Emails.spoken(text, tokens, spans);
        }
        if (values != null) {
            for (String value : values) {
                addValue(text, tokens, runs, value, spans);
            }
        }
        return merge(spans);
    }

    public String mask(String text) {
        return mask(text, List.of());
    }

    /** {@code text} with each PII span replaced by {@link #MASK}; null stays null. */
    public String mask(String text, Collection<String> values) {
        List<Span> spans = find(text, values);
        if (spans.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Span s : spans) {
            out.append(text, at, s.start()).append(MASK);
            at = s.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    /**
     * Which of a recognizer's words (in order, as Vosk gives them, lower case) are PII: index ranges [start, end) into
     * {@code words}, by the same rules as {@link #find}; a run of number words is masked as a whole.
     */
    public List<Span> findWords(List<String> words) {
        return findWords(words, List.of());
    }

    /** {@link #findWords(List)}, also finding each of {@code values} (a name the call recognized) among the words. */
    public List<Span> findWords(List<String> words, Collection<String> values) {
        if (!policy.enabled() || words == null || words.isEmpty()) {
            return List.of();
        }
        StringBuilder text = new StringBuilder();
        int[] starts = new int[words.size()];
        for (int i = 0; i < words.size(); i++) {
            if (i > 0) {
                text.append(' ');
            }
            starts[i] = text.length();
            text.append(words.get(i) == null ? "" : words.get(i));
        }
        List<Span> ranges = new ArrayList<>();
        for (Span s : find(text.toString(), values)) {
            int first = wordAt(starts, s.start());
            int last = wordAt(starts, s.end() - 1);
            Span range = new Span(first, last + 1);
            if (!ranges.isEmpty() && ranges.get(ranges.size() - 1).end() >= range.start()) {
                Span prev = ranges.remove(ranges.size() - 1);
                range = new Span(prev.start(), Math.max(prev.end(), range.end()));
            }
            ranges.add(range);
        }
        return ranges;
    }

    private static void addValue(String text, List<Token> tokens, List<NumberRuns.Run> runs, String value,
                                 List<Span> spans) {
        if (value == null || value.isBlank()) {
            return;
        }
        String needle = value.strip();
        // Whole words only, so a short value such as "al" does not mask the middle of "also".
        for (int at = indexOfIgnoreCase(text, needle, 0); at >= 0; at = indexOfIgnoreCase(text, needle, at + 1)) {
            int end = at + needle.length();
            if (boundary(text, at - 1) && boundary(text, end)) {
                spans.add(new Span(at, end));
            }
        }
        String digits = NumberRuns.digitsOnly(needle);
        if (digits != null) {
            for (NumberRuns.Run run : runs) {
                if (run.digits().contains(digits)) {
                    spans.add(span(text, tokens, run));
                }
            }
        }
    }

    private static int indexOfIgnoreCase(String text, String needle, int from) {
        for (int i = from; i + needle.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, needle, 0, needle.length())) {
                return i;
            }
        }
        return -1;
    }

    private static boolean boundary(String text, int i) {
        return i < 0 || i >= text.length() || !Character.isLetterOrDigit(text.charAt(i));
    }

    /** The run's characters, with a "(" or "+" written right before it: "(555) 010-0100" leaves no stray "(". */
    private static Span span(String text, List<Token> tokens, NumberRuns.Run run) {
        int start = tokens.get(run.first()).start();
        while (start > 0 && (text.charAt(start - 1) == '(' || text.charAt(start - 1) == '+')) {
            start--;
        }
        return new Span(start, tokens.get(run.last()).end());
    }

    private static int wordAt(int[] starts, int offset) {
        int i = 0;
        while (i + 1 < starts.length && starts[i + 1] <= offset) {
            i++;
        }
        return i;
    }

    private static List<Span> merge(List<Span> spans) {
        if (spans.size() < 2) {
            return spans;
        }
        spans.sort(Comparator.comparingInt(Span::start).thenComparingInt(Span::end));
        List<Span> merged = new ArrayList<>();
        Span current = spans.get(0);
        for (int i = 1; i < spans.size(); i++) {
            Span s = spans.get(i);
            if (s.start() <= current.end()) {
                current = new Span(current.start(), Math.max(current.end(), s.end()));
            } else {
                merged.add(current);
                current = s;
            }
        }
        merged.add(current);
        return merged;
    }
}
