package dev.parley.dialogue.slots;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds sums of money in a caller's turn: a number followed by a currency word, with optional cents after it ("forty
 * five dollars fifty", "45 dollars and 50 cents", "twelve euros"). Recognizers write the words, not "$45.50", so the
 * currency word is what marks a number as an amount rather than an order number.
 */
public final class SpokenAmount {

    private static final Set<String> CURRENCY = Set.of("dollar", "dollars", "bucks", "euro", "euros", "pound",
            "pounds");
    private static final Set<String> CENTS = Set.of("cent", "cents", "pence", "p");

    /** {@code value} like "45.50" or "12"; {@code whole} the digits before the point, to tell it from a plain number. */
    public record Amount(String value, String whole, Float confidence) {
    }

    private SpokenAmount() {
    }

    public static List<Amount> find(Utterance said) {
        List<String> tokens = said.tokens();
        List<Amount> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < tokens.size(); i++) {
            if (!CURRENCY.contains(tokens.get(i))) {
                continue;
            }
            DigitRun whole = lastRunEndingAt(said.slice(from, i));
            from = i + 1;
            if (whole == null || whole.digits().length() > 9) {
                continue;
            }
            // Cents: the number right after the currency word, if it is two digits or less ("and fifty", "fifty cents").
            int end = i + 1;
            while (end < tokens.size() && !CURRENCY.contains(tokens.get(end)) && end - i <= 5) {
                end++;
            }
            List<DigitRun> after = SpokenDigits.find(said.slice(i + 1, end));
            String value = String.valueOf(Long.parseLong(whole.digits()));
            Float confidence = whole.confidence();
            if (!after.isEmpty() && startsWithNumber(tokens, i + 1) && after.get(0).digits().length() <= 2) {
                DigitRun cents = after.get(0);
                value += "." + (cents.digits().length() == 1 ? "0" : "") + cents.digits();
                confidence = Confidence.lowest(confidence, cents.confidence());
                from = Math.max(from, nextCentsWordEnd(tokens, i + 1, end));
            }
            out.add(new Amount(value, whole.digits(), confidence));
        }
        return out;
    }

    /** The number that ends right where the currency word starts, or null. */
    private static DigitRun lastRunEndingAt(Utterance before) {
        List<DigitRun> runs = SpokenDigits.find(before);
        if (runs.isEmpty()) {
            return null;
        }
        DigitRun last = runs.get(runs.size() - 1);
        return last.trailing() ? last : null;
    }

    private static boolean startsWithNumber(List<String> tokens, int i) {
        int at = i < tokens.size() && tokens.get(i).equals("and") ? i + 1 : i;
        return at < tokens.size() && !SpokenDigits.find(tokens.get(at)).isEmpty();
    }

    /** Skips the cents so they are not read as the start of another amount. */
    private static int nextCentsWordEnd(List<String> tokens, int from, int end) {
        for (int j = from; j < end; j++) {
            if (CENTS.contains(tokens.get(j))) {
                return j + 1;
            }
        }
        return from;
    }
}
