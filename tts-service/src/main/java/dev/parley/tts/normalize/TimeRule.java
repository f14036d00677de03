package dev.parley.tts.normalize;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Clock times: "9 am" / "9:30 p.m." become "nine a m" / "nine thirty p m"; "14:00" becomes "fourteen hundred". */
final class TimeRule implements Rule {
    /** "9am", "9 AM", "9 a m", "9 a.m." (the last period only with the first, so "at 9 pm." keeps its full stop). */
    private static final Pattern MERIDIEM = Pattern.compile(
            "(\\d{1,2})(?::(\\d{2}))?\\s?(?:([aApP])\\s?[mM]|([aApP])\\.\\s?[mM]\\.?)(?![A-Za-z])");
    private static final Pattern CLOCK = Pattern.compile("(\\d{1,2}):(\\d{2})(?![\\d:])");

    @Override
    public Match apply(RuleContext ctx, int index) {
        if (!ctx.token(index).is(Token.Kind.NUMBER)) {
            return null;
        }
        Match m = Rule.regex(ctx, index, MERIDIEM, TimeRule::meridiem);
        if (m != null) {
            // "at 9 a.m." closing the phrase: its period was also the full stop
            boolean consumedStop = ctx.source().charAt(m.end() - 1) == '.' && ctx.onlySpaceFrom(m.end());
            return consumedStop ? new Match(m.end(), m.spoken() + ".") : m;
        }
        return Rule.regex(ctx, index, CLOCK, TimeRule::clock);
    }

    private static String meridiem(Matcher g) {
        int hour = Integer.parseInt(g.group(1));
        int minute = g.group(2) == null ? 0 : Integer.parseInt(g.group(2));
        if (hour > 12 || minute > 59) {
            return null;
        }
        String letter = g.group(3) != null ? g.group(3) : g.group(4);
        String suffix = Character.toLowerCase(letter.charAt(0)) == 'a' ? "a m" : "p m";
        return NumberWords.cardinal(hour) + minutes(minute, "") + " " + suffix;
    }

    private static String clock(Matcher g) {
        int hour = Integer.parseInt(g.group(1));
        int minute = Integer.parseInt(g.group(2));
        if (hour > 23 || minute > 59) {
            return null;
        }
        String onTheHour = hour > 12 ? " hundred" : " o'clock";
        return NumberWords.cardinal(hour) + minutes(minute, onTheHour);
    }

    /** ":05" is "oh five", ":30" is "thirty", ":00" is {@code onTheHour}. */
    private static String minutes(int minute, String onTheHour) {
        if (minute == 0) {
            return onTheHour;
        }
        return minute < 10 ? " oh " + NumberWords.cardinal(minute) : " " + NumberWords.cardinal(minute);
    }
}
