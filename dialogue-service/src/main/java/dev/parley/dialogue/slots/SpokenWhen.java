package dev.parley.dialogue.slots;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds when a caller wants something, as they said it: a day ("tomorrow", "next tuesday"), a date ("march third",
 * "the 3rd of march") and a time of day ("at three thirty", "10:30 am", "half past two", "noon"). Values stay relative
 * ("next tuesday", "3:30 pm"): which date that is depends on the tenant's calendar and time zone, which the tool that
 * books it knows. A bare number is never a time: it takes "at" before it, or "am"/"pm"/"o'clock"/"in the morning"…
 * after it, so "two tickets" stays a count.
 */
public final class SpokenWhen {

    /** {@code kind} is "day", "date" or "time"; it was said in tokens {@code from} (inclusive) to {@code to}. */
    public record When(String kind, String value, Float confidence, int from, int to) {
    }

    private static final Set<String> DAYS = Set.of("today", "tonight", "tomorrow", "monday", "tuesday", "wednesday",
            "thursday", "friday", "saturday", "sunday", "weekend");
    private static final List<String> MONTHS = List.of("january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december");
    private static final Map<String, Integer> ORDINALS = new HashMap<>();
    /** "at one point", "at two of them": a bare number after "at" that is a count, not an hour. */
    private static final Set<String> NOT_AFTER_A_TIME = Set.of("point", "of", "more", "time", "times", "percent",
            "stage", "step", "go");
    private static final Pattern CLOCK = Pattern.compile("(\\d{1,2})(am|pm)");
    private static final Pattern ORDINAL_DIGITS = Pattern.compile("(\\d{1,2})(st|nd|rd|th)");

    static {
        String[] unitOrdinals = {"", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
            "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
            "seventeenth", "eighteenth", "nineteenth"};
        for (int i = 1; i < unitOrdinals.length; i++) {
            ORDINALS.put(unitOrdinals[i], i);
        }
        ORDINALS.put("twentieth", 20);
        ORDINALS.put("thirtieth", 30);
    }

    private SpokenWhen() {
    }

    public static List<When> find(Utterance said) {
        List<String> t = said.tokens();
        List<When> out = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            int end = day(t, i, out, said);
            if (end < 0) {
                end = date(t, i, out, said);
            }
            if (end < 0) {
                end = time(t, i, out, said);
            }
            if (end > i) {
                i = end - 1;
            }
        }
        return out;
    }

    private static int day(List<String> t, int i, List<When> out, Utterance said) {
        String word = t.get(i);
        if (word.equals("day") && i + 2 < t.size() && t.get(i + 1).equals("after") && t.get(i + 2).equals("tomorrow")) {
            return add(out, "day", "day after tomorrow", said, i, i + 3);
        }
        if ((word.equals("next") || word.equals("this")) && i + 1 < t.size() && DAYS.contains(t.get(i + 1))
                && !t.get(i + 1).startsWith("to")) {
            return add(out, "day", word + " " + t.get(i + 1), said, i, i + 2);
        }
        return DAYS.contains(word) ? add(out, "day", word, said, i, i + 1) : -1;
    }

    /** "march third", "march 3", "the third of march", "3rd of march". */
    private static int date(List<String> t, int i, List<When> out, Utterance said) {
        int month = MONTHS.indexOf(t.get(i));
        if (month >= 0) {
            int at = i + 1 < t.size() && t.get(i + 1).equals("the") ? i + 2 : i + 1;
            int[] dayOfMonth = ordinal(t, at);
            // "may" alone is a verb far more often than a month.
            if (dayOfMonth == null) {
                return -1;
            }
            return add(out, "date", MONTHS.get(month) + " " + dayOfMonth[0], said, i, dayOfMonth[1]);
        }
        int from = t.get(i).equals("the") ? i + 1 : i;
        int[] dayOfMonth = ordinal(t, from);
        if (dayOfMonth == null || dayOfMonth[1] + 1 >= t.size() || !t.get(dayOfMonth[1]).equals("of")
                || !MONTHS.contains(t.get(dayOfMonth[1] + 1))) {
            return -1;
        }
        return add(out, "date", t.get(dayOfMonth[1] + 1) + " " + dayOfMonth[0], said, i, dayOfMonth[1] + 2);
    }

    /** A day of the month at {@code i}: {value, end} or null. */
    private static int[] ordinal(List<String> t, int i) {
        if (i >= t.size()) {
            return null;
        }
        Matcher digits = ORDINAL_DIGITS.matcher(t.get(i));
        String plain = t.get(i).matches("\\d{1,2}") ? t.get(i) : null;
        if (digits.matches() || plain != null) {
            int d = Integer.parseInt(digits.matches() ? digits.group(1) : plain);
            return d >= 1 && d <= 31 ? new int[] {d, i + 1} : null;
        }
        String word = t.get(i);
        if ((word.equals("twenty") || word.equals("thirty")) && i + 1 < t.size() && ORDINALS.containsKey(t.get(i + 1))
                && ORDINALS.get(t.get(i + 1)) < 10) {
            int d = SpokenDigits.wordValue(word) + ORDINALS.get(t.get(i + 1));
            return d <= 31 ? new int[] {d, i + 2} : null;
        }
        return ORDINALS.containsKey(word) ? new int[] {ORDINALS.get(word), i + 1} : null;
    }

    private static int time(List<String> t, int i, List<When> out, Utterance said) {
        String word = t.get(i);
        if (word.equals("noon") || word.equals("midday") || word.equals("midnight")) {
            return add(out, "time", word.equals("midday") ? "noon" : word, said, i, i + 1);
        }
        if ((word.equals("half") || word.equals("quarter")) && i + 2 < t.size()
                && (t.get(i + 1).equals("past") || t.get(i + 1).equals("to"))) {
            int[] hour = number(t, i + 2, 1, 12);
            if (hour == null) {
                return -1;
            }
            boolean past = t.get(i + 1).equals("past");
            int h = past ? hour[0] : (hour[0] + 10) % 12 + 1;
            int m = word.equals("half") ? 30 : past ? 15 : 45;
            if (word.equals("half") && !past) {
                return -1;
            }
            return clock(t, i, hour[1], h, m, true, out, said);
        }
        // Not "by": "one by one" is no time ("by five pm" still is, by its marker).
        boolean at = word.equals("at") || word.equals("around");
        int from = at ? i + 1 : i;
        Matcher compact = from < t.size() ? CLOCK.matcher(t.get(from)) : null;
        if (compact != null && compact.matches()) {
            int h = Integer.parseInt(compact.group(1));
            return h >= 1 && h <= 12 ? addClock(out, h, 0, compact.group(2), said, i, from + 1) : -1;
        }
        int[] hour = number(t, from, 1, 12);
        if (hour == null) {
            return -1;
        }
        int end = hour[1];
        int minute = 0;
        if (end < t.size() && (t.get(end).equals("oh") || t.get(end).equals("o"))) {
            int[] m = number(t, end + 1, 1, 9);
            if (m != null) {
                minute = m[0];
                end = m[1];
            }
        } else {
            int[] m = number(t, end, 10, 59);
            if (m != null) {
                minute = m[0];
                end = m[1];
            }
        }
        return clock(t, i, end, hour[0], minute, at, out, said);
    }

    /** A time needs "at" before it or a marker after it; the marker says am or pm when it can. */
    private static int clock(List<String> t, int start, int end, int h, int m, boolean anchored, List<When> out,
                             Utterance said) {
        String suffix = null;
        int stop = end;
        if (end < t.size() && (t.get(end).equals("am") || t.get(end).equals("pm"))) {
            suffix = t.get(end);
            stop = end + 1;
        } else if (end + 1 < t.size() && (t.get(end).equals("a") || t.get(end).equals("p"))
                && t.get(end + 1).equals("m")) {
            suffix = t.get(end) + "m";
            stop = end + 2;
        } else if (end < t.size() && (t.get(end).equals("o'clock") || t.get(end).equals("oclock"))) {
            suffix = "";
            stop = end + 1;
        } else if (end + 2 < t.size() && t.get(end).equals("in") && t.get(end + 1).equals("the")) {
            String part = t.get(end + 2);
            suffix = part.equals("morning") ? "am"
                    : part.equals("afternoon") || part.equals("evening") ? "pm" : null;
            stop = suffix == null ? end : end + 3;
        }
        if (suffix == null && (!anchored || (m == 0 && end < t.size() && NOT_AFTER_A_TIME.contains(t.get(end))))) {
            return -1;
        }
        return addClock(out, h, m, suffix == null ? "" : suffix, said, start, stop);
    }

    private static int addClock(List<When> out, int h, int m, String suffix, Utterance said, int from, int to) {
        String value = h + (m == 0 ? "" : String.format(":%02d", m)) + (suffix.isEmpty() ? "" : " " + suffix);
        if (m == 0 && suffix.isEmpty()) {
            value += " o'clock";
        }
        return add(out, "time", value, said, from, to);
    }

    /** A number from {@code min} to {@code max} at {@code i} ("seven", "forty five", "45"): {value, end} or null. */
    private static int[] number(List<String> t, int i, int min, int max) {
        if (i >= t.size()) {
            return null;
        }
        String word = t.get(i);
        Integer v;
        int end = i + 1;
        if (word.matches("\\d{1,2}")) {
            v = Integer.parseInt(word);
        } else {
            v = SpokenDigits.wordValue(word);
            Integer unit = end < t.size() ? SpokenDigits.wordValue(t.get(end)) : null;
            if (v != null && v >= 20 && unit != null && unit > 0 && unit < 10) {
                v += unit;
                end++;
            }
        }
        return v == null || v < min || v > max ? null : new int[] {v, end};
    }

    private static int add(List<When> out, String kind, String value, Utterance said, int from, int to) {
        Float confidence = null;
        for (int j = from; j < to; j++) {
            confidence = Confidence.lowest(confidence, said.confidence(j));
        }
        out.add(new When(kind, value, confidence, from, to));
        return to;
    }
}
