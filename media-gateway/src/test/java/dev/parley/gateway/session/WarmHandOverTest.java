package dev.parley.gateway.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The brief a warm transfer's person hears: who calls, why, and what they said last. */
class WarmHandOverTest {

    @Test
    void theBriefSaysTheNumberDigitByDigitTheReasonAndTheLastWords() {
        assertEquals("Hello, this is the virtual assistant with a caller for you. They are calling from 1 5 5 5 0 1 "
                        + "0 0 1 0 0. Reason for the transfer: wants a refund. Their last words were: my order came "
                        + "broken I want my money back. Putting them through now.",
                WarmHandOver.brief("+15550100100", " wants a refund ", List.of("my order came broken",
                        "I want my money back")));
    }

    @Test
    void whatIsNotKnownIsLeftOut() {
        assertEquals("Hello, this is the virtual assistant with a caller for you. Putting them through now.",
                WarmHandOver.brief("anonymous", "", List.of()));
    }
}
