package dev.parley.dialogue.slots;

import java.util.List;

/**
 * A slot holding a number of {@code minLength}..{@code maxLength} digits (an order number, a PIN), which the caller
 * may give in one go or spread over turns.
 */
public final class DigitSlot {

    /** What a turn did to the slot. */
    public enum Outcome { COMPLETE, PARTIAL, INVALID, NONE }

    /**
     * @param confidence how confidently the number this turn gave was heard (its lowest word confidence), null when
     *                   not known or the turn gave none
     */
    public record Fill(Outcome outcome, String digits, Float confidence) {
        public Fill(Outcome outcome, String digits) {
            this(outcome, digits, null);
        }

        static Fill none() {
            return new Fill(Outcome.NONE, "");
        }
    }

    private final int minLength;
    private final int maxLength;

    public DigitSlot(int minLength, int maxLength) {
        if (minLength < 1 || maxLength < minLength) {
            throw new IllegalArgumentException("digit slot needs 1 <= minLength <= maxLength, got "
                    + minLength + ".." + maxLength);
        }
        this.minLength = minLength;
        this.maxLength = maxLength;
    }

    public int minLength() {
        return minLength;
    }

    public boolean isComplete(String digits) {
        return digits.length() >= minLength && digits.length() <= maxLength;
    }

    /**
     * Fills the slot from a turn's numbers, continuing {@code partial} digits from earlier turns.
     *
     * @param awaited true when the agent just asked for this slot, so any number the caller says is meant for it;
     *                otherwise only a complete number, or one the caller trails off in, counts
     */
    public Fill fill(String partial, List<DigitRun> runs, boolean awaited) {
        if (runs.isEmpty()) {
            return Fill.none();
        }
        // The last complete number wins: "order 1234, no sorry, 5678".
        for (int i = runs.size() - 1; i >= 0; i--) {
            DigitRun run = runs.get(i);
            if (isComplete(run.digits())) {
                return new Fill(Outcome.COMPLETE, run.digits(), run.confidence());
            }
        }
        DigitRun last = runs.get(runs.size() - 1);
        DigitRun used = partial.isEmpty() ? last : runs.get(0);
        String combined = partial + used.digits();
        if (!partial.isEmpty() && isComplete(combined)) {
            return new Fill(Outcome.COMPLETE, combined, used.confidence());
        }
        if (combined.length() > maxLength) {
            return awaited ? new Fill(Outcome.INVALID, combined, used.confidence()) : Fill.none();
        }
        if (awaited || last.trailing()) {
            return new Fill(Outcome.PARTIAL, combined, used.confidence());
        }
        return Fill.none();
    }
}
