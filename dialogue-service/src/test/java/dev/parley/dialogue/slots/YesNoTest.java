package dev.parley.dialogue.slots;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class YesNoTest {

    @ParameterizedTest
    @ValueSource(strings = {"yes", "Yeah.", "yep that's it", "yes that's right", "correct", "that's right", "sure",
            "uh huh", "okay", "it is"})
    void yes(String reply) {
        assertEquals(YesNo.YES, YesNo.of(reply));
    }

    @ParameterizedTest
    @ValueSource(strings = {"no", "nope", "that's not right", "no that's wrong", "right, no, not that one", "incorrect",
            "that isn't it"})
    void no(String reply) {
        assertEquals(YesNo.NO, YesNo.of(reply));
    }

    @ParameterizedTest
    @ValueSource(strings = {"what are your opening hours", "hmm", "", "four five six"})
    void neither(String reply) {
        assertEquals(YesNo.UNCLEAR, YesNo.of(reply));
    }
}
