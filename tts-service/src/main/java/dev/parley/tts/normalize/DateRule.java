package dev.parley.tts.normalize;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates: "2024-03-15" and US-style "3/15/2024" become "March fifteenth, twenty twenty four"; "March 5" becomes
 * "March fifth"; "5 March" / "5th of March" become "the fifth of March".
 */
final class DateRule implements Rule {
    private static final Pattern ISO = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})(?!\\d)");
    private static final Pattern US = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4}|\\d{2})(?![\\d/])");
    private static final Pattern MONTH_DAY = Pattern.compile("(" + CalendarNames.MONTH_NAMES + ")\\.?\\s+(\\d{1,2})"
            + "(?:st|nd|rd|th)?(?!\\d)(?:,?\\s+(\\d{4})(?!\\d))?");
    private static final Pattern DAY_MONTH = Pattern.compile("(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?("
            + CalendarNames.MONTH_NAMES + ")\\b(?:,?\\s+(\\d{4})(?!\\d))?");

    @Override
    public Match apply(RuleContext ctx, int index) {
        Token t = ctx.token(index);
        if (t.is(Token.Kind.NUMBER)) {
            Match m = Rule.regex(ctx, index, ISO, g -> date(g.group(2), g.group(3), g.group(1)));
            if (m == null) {
                m = Rule.regex(ctx, index, US, g -> date(g.group(1), g.group(2), fullYear(g.group(3))));
            }
            if (m == null) {
                boolean afterThe = ctx.previousWord(index).equals("the");
                m = Rule.regex(ctx, index, DAY_MONTH, g -> dayOfMonth(g, afterThe));
            }
            return m;
        }
        if (t.is(Token.Kind.WORD) && Character.isUpperCase(t.text().charAt(0)) && CalendarNames.isMonthName(t.text())) {
            return Rule.regex(ctx, index, MONTH_DAY, g -> date(Integer.toString(CalendarNames.month(g.group(1))),
                    g.group(2), g.group(3)));
        }
        return null;
    }

    private static String dayOfMonth(Matcher g, boolean afterThe) {
        int day = Integer.parseInt(g.group(1));
        if (day < 1 || day > 31) {
            return null;
        }
        String spoken = (afterThe ? "" : "the ") + NumberWords.ordinal(day) + " of "
                + CalendarNames.monthName(CalendarNames.month(g.group(2)));
        return g.group(3) == null ? spoken : spoken + ", " + NumberWords.year(Integer.parseInt(g.group(3)));
    }

    private static String fullYear(String year) {
        return year.length() == 2 ? Integer.toString(2000 + Integer.parseInt(year)) : year;
    }

    /** Null (declines) when month or day is out of range, so "13/45/2020" is read some other way. */
    static String date(String month, String day, String year) {
        int m = Integer.parseInt(month);
        int d = Integer.parseInt(day);
        if (m < 1 || m > 12 || d < 1 || d > 31) {
            return null;
        }
        String spoken = CalendarNames.monthName(m) + " " + NumberWords.ordinal(d);
        return year == null ? spoken : spoken + ", " + NumberWords.year(Integer.parseInt(year));
    }
}
