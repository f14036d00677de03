package dev.parley.tts.normalize;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The abbreviation tables: what each stands for when spoken. Keys are lower case unless noted. */
public final class Abbreviations {
    /** Before a capitalized name. "dr" and "st" read differently after a name or number (Main St., Elm Dr.). */
    static final Map<String, String> TITLES = Map.of("mr", "Mister", "mrs", "Missus", "ms", "Miz",
            "dr", "Doctor", "st", "Saint", "prof", "Professor");
    static final Map<String, String> AFTER_NAME = Map.of("dr", "Drive", "st", "Street");

    /** Read the same anywhere, with or without their period. */
    static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("jr", "Junior"), Map.entry("sr", "Senior"), Map.entry("ave", "Avenue"), Map.entry("rd", "Road"),
            Map.entry("blvd", "Boulevard"), Map.entry("ln", "Lane"), Map.entry("hwy", "Highway"),
            Map.entry("apt", "apartment"), Map.entry("dept", "department"), Map.entry("inc", "Incorporated"),
            Map.entry("ltd", "Limited"), Map.entry("corp", "Corporation"), Map.entry("approx", "approximately"),
            Map.entry("etc", "et cetera"), Map.entry("vs", "versus"), Map.entry("tel", "telephone"),
            Map.entry("ext", "extension"), Map.entry("mt", "Mount"), Map.entry("qty", "quantity"));

    /** Only abbreviations when written with their period: "No. 5" but "no", "Co." but "co-op". */
    static final Map<String, String> DOTTED_ONLY = Map.of("no", "number", "co", "Company");

    /** Units after a number: singular and plural. */
    static final Map<String, String[]> UNITS = Map.ofEntries(
            Map.entry("km", new String[] {"kilometer", "kilometers"}),
            Map.entry("kg", new String[] {"kilogram", "kilograms"}),
            Map.entry("lb", new String[] {"pound", "pounds"}), Map.entry("lbs", new String[] {"pound", "pounds"}),
            Map.entry("oz", new String[] {"ounce", "ounces"}), Map.entry("mi", new String[] {"mile", "miles"}),
            Map.entry("ft", new String[] {"foot", "feet"}), Map.entry("cm", new String[] {"centimeter", "centimeters"}),
            Map.entry("mm", new String[] {"millimeter", "millimeters"}),
            Map.entry("mph", new String[] {"mile per hour", "miles per hour"}),
            Map.entry("kph", new String[] {"kilometer per hour", "kilometers per hour"}),
            Map.entry("min", new String[] {"minute", "minutes"}), Map.entry("mins", new String[] {"minute", "minutes"}),
            Map.entry("hr", new String[] {"hour", "hours"}), Map.entry("hrs", new String[] {"hour", "hours"}),
            Map.entry("sec", new String[] {"second", "seconds"}), Map.entry("secs", new String[] {"second", "seconds"}),
            Map.entry("ms", new String[] {"millisecond", "milliseconds"}),
            Map.entry("kb", new String[] {"kilobyte", "kilobytes"}), Map.entry("mb", new String[] {"megabyte", "megabytes"}),
            Map.entry("gb", new String[] {"gigabyte", "gigabytes"}), Map.entry("tb", new String[] {"terabyte", "terabytes"}),
            Map.entry("pcs", new String[] {"piece", "pieces"}));

    /** Exact case: "ID" is spelled out but "id" is left alone. */
    static final Map<String, String> ACRONYMS = Map.ofEntries(
            Map.entry("ID", "I D"), Map.entry("FAQ", "F A Q"), Map.entry("SMS", "S M S"), Map.entry("USA", "U S A"),
            Map.entry("UK", "U K"), Map.entry("EU", "E U"), Map.entry("ETA", "E T A"),
            Map.entry("ASAP", "as soon as possible"), Map.entry("FYI", "for your information"),
            Map.entry("TV", "T V"), Map.entry("PDF", "P D F"), Map.entry("URL", "U R L"), Map.entry("CEO", "C E O"),
            Map.entry("AM", "A M"), Map.entry("PM", "P M"), Map.entry("OK", "okay"), Map.entry("Ok", "okay"),
            Map.entry("ok", "okay"), Map.entry("ATM", "A T M"), Map.entry("DOB", "date of birth"),
            Map.entry("VIP", "V I P"), Map.entry("AI", "A I"), Map.entry("API", "A P I"), Map.entry("SSN", "S S N"),
            Map.entry("PIN", "pin"));

    /** A period after these does not end a sentence (the phraser must not cut there). */
    private static final Set<String> NEVER_SENTENCE_END = Set.of("mr", "mrs", "ms", "dr", "st", "prof", "jr", "sr",
            "no", "vs", "approx", "apt", "dept", "ext", "tel", "mt", "e.g", "i.e", "a.k.a", "u.s", "eg", "ie", "etc");

    private Abbreviations() {
    }

    /**
     * Whether a period right after {@code word} can end a sentence. Single letters (initials, "U.S.") and
     * titles cannot; "etc." at a sentence end is rare enough to wait for the next sentence.
     */
    public static boolean periodMayEndSentence(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.length() == 1 && Character.isLetter(w.charAt(0))) {
            return w.equals("a") || w.equals("i"); // "a." or "I." are words; other single letters are initials
        }
        return !NEVER_SENTENCE_END.contains(w);
    }
}
