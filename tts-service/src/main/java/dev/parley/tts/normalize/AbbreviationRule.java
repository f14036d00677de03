package dev.parley.tts.normalize;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Abbreviations, units after numbers, acronyms, and day and month abbreviations ("Mon-Fri", "Jan. 5"). */
final class AbbreviationRule implements Rule {
    private record Dotted(Pattern pattern, String spoken) {
        Dotted(String regex, int flags, String spoken) {
            this(Pattern.compile(regex, flags), spoken);
        }
    }

    private static final List<Dotted> DOTTED = List.of(
            new Dotted("e\\.g\\.?", Pattern.CASE_INSENSITIVE, "for example"),
            new Dotted("i\\.e\\.?", Pattern.CASE_INSENSITIVE, "that is"),
            new Dotted("a\\.k\\.a\\.?", Pattern.CASE_INSENSITIVE, "also known as"),
            new Dotted("U\\.S\\.A\\.?", 0, "U S A"),
            new Dotted("U\\.S\\.?", 0, "U S"),
            new Dotted("a\\.m\\.?", Pattern.CASE_INSENSITIVE, "a m"),
            new Dotted("p\\.m\\.?", Pattern.CASE_INSENSITIVE, "p m"));

    @Override
    public Match apply(RuleContext ctx, int index) {
        Token t = ctx.token(index);
        if (!t.is(Token.Kind.WORD)) {
            return null;
        }
        for (Dotted d : DOTTED) {
            Match m = Rule.regex(ctx, index, d.pattern(), g -> d.spoken());
            if (m != null && ctx.isTokenEnd(m.end())) {
                return m;
            }
        }
        String word = t.text();
        String lower = word.toLowerCase(Locale.ROOT);
        Token next = ctx.token(index + 1);
        boolean dotted = next != null && next.text().equals(".");
        int end = dotted ? next.end() : t.end();

        Token before = ctx.previousNonSpace(index);
        if (before != null && before.is(Token.Kind.NUMBER) && Abbreviations.UNITS.containsKey(lower)) {
            boolean one = before.text().equals("1") && !isDecimalTail(ctx, before);
            return new Match(t.end(), Abbreviations.UNITS.get(lower)[one ? 0 : 1]);
        }
        String acronym = Abbreviations.ACRONYMS.get(word);
        if (acronym != null) {
            return new Match(t.end(), acronym);
        }
        boolean capitalized = Character.isUpperCase(word.charAt(0));
        if (capitalized && Abbreviations.TITLES.containsKey(lower)) {
            // "Dr. Smith", "St. Louis" before a name; "Elm Dr.", "Main St." otherwise
            boolean beforeName = startsWithCapital(ctx.nextNonSpace(dotted ? index + 1 : index));
            String spoken = !beforeName && Abbreviations.AFTER_NAME.containsKey(lower)
                    ? Abbreviations.AFTER_NAME.get(lower) : Abbreviations.TITLES.get(lower);
            return new Match(end, withSentenceEnd(ctx, dotted, end, spoken));
        }
        if (Abbreviations.WORDS.containsKey(lower)) {
            return new Match(end, withSentenceEnd(ctx, dotted, end, Abbreviations.WORDS.get(lower)));
        }
        if (dotted && Abbreviations.DOTTED_ONLY.containsKey(lower)) {
            Token after = ctx.nextNonSpace(index + 1);
            boolean number = lower.equals("no");
            if (!number || (after != null && after.is(Token.Kind.NUMBER))) {
                return new Match(end, Abbreviations.DOTTED_ONLY.get(lower));
            }
        }
        if (capitalized) {
            return calendar(ctx, index, word, dotted, end);
        }
        return null;
    }

    /** "Fri" before or after a dash, in a list, before a number or with its period is Friday; "Jan 5" is January. */
    private static Match calendar(RuleContext ctx, int index, String word, boolean dotted, int end) {
        Token after = ctx.nextNonSpace(index);
        Token before = ctx.previousNonSpace(index);
        String day = CalendarNames.dayFromAbbreviation(word);
        if (day != null) {
            boolean listed = dotted || isJoiner(after) || isJoiner(before)
                    || (after != null && after.is(Token.Kind.NUMBER));
            return listed ? new Match(end, withSentenceEnd(ctx, dotted, end, day)) : null;
        }
        int month = CalendarNames.month(word);
        if (month > 0 && word.length() <= 4 && !word.equalsIgnoreCase("may")) {
            Token afterDot = dotted ? ctx.nextNonSpace(index + 1) : after;
            if (dotted || (afterDot != null && afterDot.is(Token.Kind.NUMBER))) {
                return new Match(end, withSentenceEnd(ctx, dotted, end, CalendarNames.monthName(month)));
            }
        }
        return null;
    }

    private static boolean isJoiner(Token t) {
        return t != null && (t.text().equals("-") || t.text().equals("\u2013") || t.text().equals(",")
                || t.text().equals("&") || t.text().equals("/"));
    }

    private static boolean startsWithCapital(Token t) {
        return t != null && t.is(Token.Kind.WORD) && Character.isUpperCase(t.text().charAt(0));
    }

    /** "1.1 km" is plural although its last digit run is "1". */
    private static boolean isDecimalTail(RuleContext ctx, Token number) {
        int i = ctx.tokens().indexOf(number);
        Token prev = ctx.token(i - 1);
        return prev != null && (prev.text().equals(".") || prev.text().equals(","));
    }

    /** A consumed period that was also the end of the phrase still ends the sentence when spoken. */
    private static String withSentenceEnd(RuleContext ctx, boolean dotted, int end, String spoken) {
        return dotted && ctx.onlySpaceFrom(end) ? spoken + "." : spoken;
    }
}
