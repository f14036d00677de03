package dev.parley.gateway.session;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EchoWordsTest {
    private static final String AGENT = "We're open Monday to Friday, from 9 am to 6 pm. We're closed on weekends.";

    @Test
    void theAgentsOwnWordsHeardBackAreEchoEvenInTheirSpokenForm() {
        assertTrue(EchoWords.within("we are open monday to friday from nine am", AGENT));
        assertTrue(EchoWords.within("closed on weekends", AGENT));
    }

    @Test
    void theCallersOwnWordsAreNot() {
        assertFalse(EchoWords.within("wait stop please", AGENT));
        assertFalse(EchoWords.within("what about saturday", AGENT));
        assertFalse(EchoWords.within("", AGENT));
    }
}
