package dev.parley.tts.normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Numbers that are identifiers, read digit by digit: phone numbers ("(555) 123-4567" in groups with pauses),
 * "#1234", and a plain integer of three or more digits when one of the three words before it names an identifier
 * ("order 1234", "order number 1234", "your PIN is 0042"). Also digit runs with a leading zero, and runs of seven or
 * more digits that are not round (nobody writes a quantity that large without separators).
 */
final class DigitSequenceRule implements Rule {
    private static final Pattern PHONE = Pattern.compile(
            "(?:\\+?1[ .-]?)?(?:\\(\\d{3}\\) ?|\\d{3}[ .-])\\d{3}[ .-]\\d{4}(?![\\d-])");
    private static final Pattern LOCAL_PHONE = Pattern.compile("\\d{3}-\\d{4}(?![\\d-])");
    private static final Pattern HASH = Pattern.compile("#\\s?(\\d+)(?![\\d,.]\\d)");
    private static final Pattern DIGIT_GROUP = Pattern.compile("\\d+");
    private static final Set<String> CUES = Set.of("number", "no", "num", "order", "phone", "account", "acct",
            "confirmation", "reference", "ref", "code", "pin", "zip", "ticket", "case", "invoice", "tracking",
            "extension", "ext", "flight", "id", "serial", "policy", "member", "card", "routing", "booking",
            "reservation", "claim", "model", "ending", "digits");
    /** Words that may stand between a cue and the number ("your PIN is 0042", "card ending in 4321"). */
    private static final Set<String> FILLERS = Set.of("is", "in", "was", "of", "your", "the", "my", "a");

    @Override
    public Match apply(RuleContext ctx, int index) {
        Token t = ctx.token(index);
        if (t.is(Token.Kind.SYMBOL) && t.text().equals("#")) {
            return Rule.regex(ctx, index, HASH, g -> "number " + NumberWords.digits(g.group(1)));
        }
        if (t.is(Token.Kind.SYMBOL) && (t.text().equals("+") || t.text().equals("("))) {
            return Rule.regex(ctx, index, PHONE, DigitSequenceRule::groups);
        }
        if (!t.is(Token.Kind.NUMBER)) {
            return null;
        }
        Match phone = Rule.regex(ctx, index, PHONE, DigitSequenceRule::groups);
        if (phone == null) {
            phone = Rule.regex(ctx, index, LOCAL_PHONE, DigitSequenceRule::groups);
        }
        if (phone != null) {
            return phone;
        }
        if (isPartOfLargerNumber(ctx, index)) {
            return null;
        }
        String digits = t.text();
        boolean leadingZero = digits.length() > 1 && digits.charAt(0) == '0';
        boolean longRun = digits.length() >= 7 && !digits.endsWith("000");
        boolean cued = digits.length() >= 3 && hasCue(ctx.wordsBefore(t.start(), 3));
        return leadingZero || longRun || cued ? new Match(t.end(), NumberWords.digits(digits)) : null;
    }

    /** A decimal point, thousands separator, time colon, slash or ordinal suffix makes it something else. */
    private static boolean isPartOfLargerNumber(RuleContext ctx, int index) {
        Token next = ctx.token(index + 1);
        Token afterNext = ctx.token(index + 2);
        if (next == null) {
            return false;
        }
        if (next.is(Token.Kind.WORD)) {
            return true; // "1234th", "9am", "5k"
        }
        boolean joiner = next.text().equals(".") || next.text().equals(",") || next.text().equals(":")
                || next.text().equals("/");
        return joiner && afterNext != null && afterNext.is(Token.Kind.NUMBER);
    }

    private static boolean hasCue(List<String> wordsNearestFirst) {
        for (String w : wordsNearestFirst) {
            if (CUES.contains(w)) {
                return true;
            }
            if (!FILLERS.contains(w)) {
                return false;
            }
        }
        return false;
    }

    /** "555-123-4567" -> "five five five, one two three, four five six seven". */
    private static String groups(Matcher g) {
        List<String> groups = new ArrayList<>();
        Matcher d = DIGIT_GROUP.matcher(g.group());
        while (d.find()) {
            groups.add(NumberWords.digits(d.group()));
        }
        return String.join(", ", groups);
    }
}
