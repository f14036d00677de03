package dev.parley.tts.normalize;

import java.text.Normalizer;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Rewrites text for speech ("$50" -> "fifty dollars", "order 1234" -> "order one two three four", "9 am" ->
 * "nine a m") and keeps an offset map from the spoken text back to the original. Thread-safe and stateless.
 * The spoken text holds only ASCII letters, apostrophes, spaces and the pauses . , ? ! so every engine can say it.
 */
public final class TextNormalizer {
    /** Order matters: the more specific reading wins ("555-1234" is a phone number before it is a range). */
    private static final List<Rule> RULES = List.of(new DateRule(), new TimeRule(), new MoneyRule(),
            new DigitSequenceRule(), new NumberRule(), new AbbreviationRule(), new SymbolRule());
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    public NormalizedText normalize(String text) {
        return normalize(text, 0, text.length());
    }

    /**
     * Normalizes original[from, to). Text before {@code from} is read only as context. Segment source offsets
     * in the result are offsets into {@code original}.
     */
    public NormalizedText normalize(String original, int from, int to) {
        if (from < 0 || to > original.length() || from > to) {
            throw new IllegalArgumentException("range [" + from + ", " + to + ") outside text of length "
                    + original.length());
        }
        RuleContext ctx = new RuleContext(original, from, to);
        SpokenTextBuilder out = new SpokenTextBuilder();
        List<Token> tokens = ctx.tokens();
        int i = 0;
        while (i < tokens.size()) {
            Token t = tokens.get(i);
            Rule.Match m = firstMatch(ctx, i);
            if (m != null) {
                out.add(m.spoken(), t.start(), m.end());
                while (i < tokens.size() && tokens.get(i).end() <= m.end()) {
                    i++;
                }
            } else {
                out.add(plain(t), t.start(), t.end());
                i++;
            }
        }
        return out.build();
    }

    private static Rule.Match firstMatch(RuleContext ctx, int index) {
        Token t = ctx.token(index);
        for (Rule rule : RULES) {
            Rule.Match m = rule.apply(ctx, index);
            if (m != null && m.end() > t.start() && ctx.isTokenEnd(m.end())) {
                return m;
            }
        }
        return null;
    }

    /** A token no rule claimed: words are transliterated to ASCII, punctuation becomes a pause. */
    private static String plain(Token t) {
        switch (t.kind()) {
            case WORD:
                return asciiWord(t.text());
            case NUMBER:
                return NumberWords.cardinal(t.text());
            case PUNCT:
                char c = t.text().charAt(0);
                return c == '.' || c == '?' || c == '!' ? t.text() : ",";
            default:
                return "";
        }
    }

    /** "café" -> "cafe"; letters with no ASCII form are dropped. */
    static String asciiWord(String word) {
        String stripped = MARKS.matcher(Normalizer.normalize(word, Normalizer.Form.NFD)).replaceAll("");
        StringBuilder out = new StringBuilder(stripped.length());
        for (int i = 0; i < stripped.length(); i++) {
            char c = stripped.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                out.append(c);
            } else if ((c == '\'' || c == '\u2019') && out.length() > 0) {
                out.append('\'');
            }
        }
        return out.toString();
    }
}
