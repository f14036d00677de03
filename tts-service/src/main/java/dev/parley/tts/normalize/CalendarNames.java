package dev.parley.tts.normalize;

import java.util.Locale;
import java.util.Map;

/** Month and weekday names and their abbreviations. */
final class CalendarNames {
    static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December"};

    /** Alternation for regexes: full names first so "March" is not read as "Mar" + "ch". */
    static final String MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October"
            + "|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";

    private static final Map<String, String> DAY_ABBREVIATIONS = Map.ofEntries(
            Map.entry("mon", "Monday"), Map.entry("tue", "Tuesday"), Map.entry("tues", "Tuesday"),
            Map.entry("wed", "Wednesday"), Map.entry("thu", "Thursday"), Map.entry("thur", "Thursday"),
            Map.entry("thurs", "Thursday"), Map.entry("fri", "Friday"), Map.entry("sat", "Saturday"),
            Map.entry("sun", "Sunday"));

    private CalendarNames() {
    }

    /** 1-based month number for a name or abbreviation ("Sept" -> 9), or 0. */
    static int month(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < MONTHS.length; i++) {
            String full = MONTHS[i].toLowerCase(Locale.ROOT);
            if (full.equals(n) || (n.length() >= 3 && full.startsWith(n) && (n.length() == 3 || n.equals("sept")))) {
                return i + 1;
            }
        }
        return 0;
    }

    static String monthName(int month) {
        return MONTHS[month - 1];
    }

    /** The weekday an abbreviation stands for ("Fri" -> "Friday"), or null. */
    static String dayFromAbbreviation(String word) {
        return DAY_ABBREVIATIONS.get(word.toLowerCase(Locale.ROOT));
    }

    static boolean isDayName(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        return w.endsWith("day") && DAY_ABBREVIATIONS.containsValue(Character.toUpperCase(w.charAt(0)) + w.substring(1));
    }

    static boolean isDayOrAbbreviation(String word) {
        return isDayName(word) || DAY_ABBREVIATIONS.containsKey(word.toLowerCase(Locale.ROOT));
    }

    static boolean isMonthName(String word) {
        return month(word) > 0;
    }
}
