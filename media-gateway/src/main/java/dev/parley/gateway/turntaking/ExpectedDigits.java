package dev.parley.gateway.turntaking;

import java.util.Set;
import java.util.TreeSet;

/**
 * The digit counts that make a whole number for the brain right now (from its last turn's end: 4 for an acme order
 * number, 2 more after "I have one two so far"). Unknown (an LLM brain, or nothing asked): no count is whole and
 * digits at the end of a turn mean "maybe more", as before.
 */
record ExpectedDigits(Set<Integer> counts) {
    static final ExpectedDigits UNKNOWN = new ExpectedDigits(Set.of());

    ExpectedDigits {
        counts = Set.copyOf(new TreeSet<>(counts));
    }

    boolean known() {
        return !counts.isEmpty();
    }

    /** {@code digits} is a whole number here. */
    boolean completes(int digits) {
        return digits > 0 && counts.contains(digits);
    }

    /** After {@code digits}, a longer whole number is still possible: the caller may be pausing between groups. */
    boolean wantsMoreThan(int digits) {
        return !completes(digits) && counts.stream().anyMatch(c -> c > digits);
    }
}
