package dev.parley.tts.normalize;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Symbols: dashes ("9-5" and "Mon-Fri" are ranges read "to", "-5" is "minus five", a spaced dash is a pause),
 * "&", "%", "@", "+", "=", degrees. Markdown and other marks that have no sound are silent.
 */
final class SymbolRule implements Rule {
    private static final Map<String, String> SPOKEN = Map.of("&", "and", "%", "percent", "@", "at", "+", "plus",
            "=", "equals", "°", "degrees", "\u2026", ",");
    private static final Pattern DEGREES = Pattern.compile("°\\s?([FC])(?![A-Za-z])");
    private static final String DASHES = "-\u2013\u2014";

    @Override
    public Match apply(RuleContext ctx, int index) {
        Token t = ctx.token(index);
        if (!t.is(Token.Kind.SYMBOL)) {
            return null;
        }
        String s = t.text();
        if (s.equals("°")) {
            Match m = Rule.regex(ctx, index, DEGREES,
                    g -> g.group(1).equals("F") ? "degrees Fahrenheit" : "degrees Celsius");
            if (m != null) {
                return m;
            }
        }
        if (DASHES.contains(s)) {
            return new Match(t.end(), dash(ctx, index));
        }
        return new Match(t.end(), SPOKEN.getOrDefault(s, ""));
    }

    private static String dash(RuleContext ctx, int index) {
        Token prev = ctx.token(index - 1);
        Token next = ctx.token(index + 1);
        Token after = ctx.nextNonSpace(index);
        boolean spacedBefore = prev == null || prev.is(Token.Kind.SPACE);
        boolean attachedAfter = next != null && !next.is(Token.Kind.SPACE);
        if (isRangeEnd(ctx, index) && isRangeStart(after)) {
            return "to";
        }
        if (spacedBefore && attachedAfter && next.is(Token.Kind.NUMBER)) {
            return "minus";
        }
        if (spacedBefore || ctx.token(index).text().equals("\u2014")) {
            return ","; // a dash set off by spaces, or an em dash, is a pause
        }
        return ""; // "well-known": the words are simply read apart
    }

    /** Left side of a range, before the dash at {@code dash}: a number, a time ("9am", "9 a.m."), a weekday. */
    private static boolean isRangeEnd(RuleContext ctx, int dash) {
        int i = dash - 1;
        while (i >= 0 && ctx.token(i).is(Token.Kind.SPACE)) {
            i--;
        }
        Token t = ctx.token(i);
        if (t != null && t.text().equals(".")) {
            t = ctx.token(i - 1); // "9 a.m.-5 p.m.": look through the period of the left time
            if (t == null || !t.text().equalsIgnoreCase("m")) {
                return false;
            }
        }
        if (t == null) {
            return false;
        }
        if (t.is(Token.Kind.NUMBER)) {
            return true;
        }
        String w = t.text().toLowerCase(Locale.ROOT);
        return t.is(Token.Kind.WORD) && (w.equals("am") || w.equals("pm") || w.equals("m")
                || CalendarNames.isDayOrAbbreviation(t.text()));
    }

    /** Right side of a range: a number, a currency amount, a weekday. */
    private static boolean isRangeStart(Token t) {
        if (t == null) {
            return false;
        }
        return t.is(Token.Kind.NUMBER) || t.text().equals("$") || t.text().equals("€") || t.text().equals("£")
                || (t.is(Token.Kind.WORD) && CalendarNames.isDayOrAbbreviation(t.text()));
    }
}
