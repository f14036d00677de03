package dev.parley.tts.normalize;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Quantities: ordinals ("21st" -> "twenty first"), simple fractions ("3/4" -> "three quarters"), separators and
 * decimals ("1,250.5" -> "one thousand two hundred fifty point five"), years after a word that announces one
 * ("since 1998" -> "since nineteen ninety eight"), decades ("1990s"), and plain cardinals ("30 days").
 */
final class NumberRule implements Rule {
    private static final Pattern ORDINAL = Pattern.compile("(\\d+)(?:st|nd|rd|th)(?![A-Za-z])", Pattern.CASE_INSENSITIVE);
    private static final Pattern FRACTION = Pattern.compile("(\\d{1,2})/(\\d{1,2})(?![\\d/])");
    private static final Pattern DECADE = Pattern.compile("(1[1-9]|20)(\\d0)'?s(?![A-Za-z])");
    private static final Pattern NUMBER = Pattern.compile("(\\d{1,3}(?:,\\d{3})+(?!\\d)|\\d+)(?:\\.(\\d+))?");
    private static final Set<String> YEAR_CUES = Set.of("in", "since", "until", "till", "by", "year", "from",
            "during", "before", "after", "around", "circa", "of", "early", "late", "mid");

    @Override
    public Match apply(RuleContext ctx, int index) {
        if (!ctx.token(index).is(Token.Kind.NUMBER)) {
            return null;
        }
        Match m = Rule.regex(ctx, index, ORDINAL, NumberRule::ordinal);
        if (m == null) {
            m = Rule.regex(ctx, index, FRACTION, NumberRule::fraction);
        }
        if (m == null) {
            m = Rule.regex(ctx, index, DECADE, g -> plural(NumberWords.year(Integer.parseInt(g.group(1) + g.group(2)))));
        }
        if (m == null) {
            boolean yearContext = YEAR_CUES.contains(ctx.previousWord(index));
            m = Rule.regex(ctx, index, NUMBER, g -> number(g, yearContext));
        }
        return m;
    }

    private static String number(Matcher g, boolean yearContext) {
        String whole = g.group(1);
        String fraction = g.group(2);
        if (fraction == null && yearContext && whole.length() == 4) {
            int value = Integer.parseInt(whole);
            if (value >= 1100 && value <= 2099) {
                return NumberWords.year(value);
            }
        }
        return NumberWords.decimal(whole, fraction);
    }

    /** Only proper fractions with a small denominator; "24/7" and "50/50" are read as their numbers. */
    private static String fraction(Matcher g) {
        int num = Integer.parseInt(g.group(1));
        int den = Integer.parseInt(g.group(2));
        if (num < 1 || den < 2 || num >= den || den > 10) {
            return null;
        }
        String denominator = den == 2 ? "half" : den == 4 ? "quarter" : NumberWords.ordinal(den);
        if (num > 1) {
            denominator = den == 2 ? "halves" : denominator + "s";
        }
        return NumberWords.cardinal(num) + " " + denominator;
    }

    /** "nineteen ninety" -> "nineteen nineties", "two thousand" -> "two thousands". */
    private static String plural(String words) {
        return words.endsWith("y") ? words.substring(0, words.length() - 1) + "ies" : words + "s";
    }

    /** Ordinals beyond a trillion are not a thing anyone says: decline, and the digits are read as a number. */
    private static String ordinal(Matcher g) {
        String d = NumberWords.stripLeadingZeros(g.group(1));
        return d.length() > 15 ? null : NumberWords.ordinal(Long.parseLong(d));
    }
}
