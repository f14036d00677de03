package dev.parley.tts.normalize;

/** Numbers spelled out in US English words the way a person reads them aloud (no "and", no hyphens). */
public final class NumberWords {
    private static final String[] ONES = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
            "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
            "nineteen"};
    private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
            "ninety"};
    private static final String[] SCALES = {"", "thousand", "million", "billion", "trillion"};
    /** Beyond this, a number is an identifier rather than a quantity anyone says out loud. */
    private static final long MAX_CARDINAL = 999_999_999_999_999L;

    private NumberWords() {
    }

    public static String cardinal(long n) {
        if (n < 0) {
            return "minus " + cardinal(-n);
        }
        if (n > MAX_CARDINAL) {
            return digits(Long.toString(n));
        }
        if (n < 1000) {
            return belowThousand((int) n);
        }
        StringBuilder out = new StringBuilder();
        long rest = n;
        int scale = 0;
        String[] groups = new String[SCALES.length];
        while (rest > 0) {
            int group = (int) (rest % 1000);
            if (group != 0) {
                groups[scale] = belowThousand(group) + (scale > 0 ? " " + SCALES[scale] : "");
            }
            rest /= 1000;
            scale++;
        }
        for (int i = groups.length - 1; i >= 0; i--) {
            if (groups[i] != null) {
                if (out.length() > 0) {
                    out.append(' ');
                }
                out.append(groups[i]);
            }
        }
        return out.toString();
    }

    /** A digit string as a cardinal; very long strings are read digit by digit. */
    public static String cardinal(String digits) {
        String d = stripLeadingZeros(digits);
        if (d.length() > 15) {
            return digits(digits);
        }
        return cardinal(Long.parseLong(d));
    }

    private static String belowThousand(int n) {
        if (n < 20) {
            return ONES[n];
        }
        if (n < 100) {
            return TENS[n / 10] + (n % 10 != 0 ? " " + ONES[n % 10] : "");
        }
        return ONES[n / 100] + " hundred" + (n % 100 != 0 ? " " + belowThousand(n % 100) : "");
    }

    /** "1234" -> "one two three four": identifiers, phone numbers, order numbers. */
    public static String digits(CharSequence digits) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                continue;
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(ONES[c - '0']);
        }
        return out.toString();
    }

    public static String ordinal(long n) {
        String words = cardinal(n);
        int space = words.lastIndexOf(' ');
        String head = words.substring(0, space + 1);
        String last = words.substring(space + 1);
        return head + ordinalWord(last);
    }

    private static String ordinalWord(String word) {
        switch (word) {
            case "one": return "first";
            case "two": return "second";
            case "three": return "third";
            case "five": return "fifth";
            case "eight": return "eighth";
            case "nine": return "ninth";
            case "twelve": return "twelfth";
            default:
                return word.endsWith("y") ? word.substring(0, word.length() - 1) + "ieth" : word + "th";
        }
    }

    /** Years the way they are said: 1999 "nineteen ninety nine", 2005 "two thousand five", 2024 "twenty twenty four". */
    public static String year(int year) {
        if (year < 1000 || year > 9999) {
            return cardinal(year);
        }
        int hi = year / 100;
        int lo = year % 100;
        if (year % 1000 < 10 && hi % 10 == 0) {
            return cardinal(year);
        }
        if (lo == 0) {
            return cardinal(hi) + " hundred";
        }
        return cardinal(hi) + (lo < 10 ? " oh " : " ") + cardinal(lo);
    }

    /** "3" + "50" -> "three point five zero"; the integer part may carry thousands separators. */
    public static String decimal(String integerPart, String fraction) {
        String head = cardinal(integerPart.replace(",", ""));
        return fraction == null || fraction.isEmpty() ? head : head + " point " + digits(fraction);
    }

    static String stripLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }
}
