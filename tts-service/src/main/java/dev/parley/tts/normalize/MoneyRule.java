package dev.parley.tts.normalize;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Amounts: "$50" -> "fifty dollars", "$5.99" -> "five dollars and ninety nine cents", "$1.5M" -> "one point five million dollars". */
final class MoneyRule implements Rule {
    private static final Pattern AMOUNT = Pattern.compile(
            "([$€£])\\s?(\\d{1,3}(?:,\\d{3})+(?!\\d)|\\d+)(?:\\.(\\d+))?"
                    + "(?:\\s?(thousand|million|billion|trillion|bn|k|m)(?![A-Za-z]))?",
            Pattern.CASE_INSENSITIVE);

    @Override
    public Match apply(RuleContext ctx, int index) {
        Token t = ctx.token(index);
        if (!t.is(Token.Kind.SYMBOL) || "$€£".indexOf(t.text().charAt(0)) < 0) {
            return null;
        }
        return Rule.regex(ctx, index, AMOUNT, MoneyRule::speak);
    }

    private static String speak(Matcher g) {
        Currency currency = Currency.of(g.group(1).charAt(0));
        String whole = g.group(2).replace(",", "");
        String fraction = g.group(3);
        String scale = g.group(4);
        if (scale != null) {
            return NumberWords.decimal(whole, fraction) + " " + scaleWord(scale) + " " + currency.plural;
        }
        if (fraction != null && fraction.length() > 2) {
            return NumberWords.decimal(whole, fraction) + " " + currency.plural;
        }
        if (whole.length() > 15) {
            return NumberWords.cardinal(whole) + " " + currency.plural;
        }
        long units = Long.parseLong(whole);
        int cents = fraction == null ? 0 : Integer.parseInt(fraction.length() == 1 ? fraction + "0" : fraction);
        String unitWords = NumberWords.cardinal(units) + " " + (units == 1 ? currency.singular : currency.plural);
        if (cents == 0) {
            return unitWords;
        }
        String centWords = NumberWords.cardinal(cents) + " " + (cents == 1 ? currency.minorSingular : currency.minorPlural);
        return units == 0 ? centWords : unitWords + " and " + centWords;
    }

    private static String scaleWord(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "k": return "thousand";
            case "m": return "million";
            case "bn": return "billion";
            default: return s.toLowerCase(Locale.ROOT);
        }
    }

    private enum Currency {
        DOLLAR("dollar", "dollars", "cent", "cents"),
        EURO("euro", "euros", "cent", "cents"),
        POUND("pound", "pounds", "penny", "pence");

        final String singular;
        final String plural;
        final String minorSingular;
        final String minorPlural;

        Currency(String singular, String plural, String minorSingular, String minorPlural) {
            this.singular = singular;
            this.plural = plural;
            this.minorSingular = minorSingular;
            this.minorPlural = minorPlural;
        }

        static Currency of(char symbol) {
            return symbol == '€' ? EURO : symbol == '£' ? POUND : DOLLAR;
        }
    }
}
