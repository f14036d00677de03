package dev.parley.e2e.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replies as Vosk writes them, labelled from acme's real files. */
class ExpectedRepliesTest {

    static final ExpectedReplies ACME = ExpectedReplies.of(
            Path.of(System.getProperty("parley.home", "..")).resolve("tenants/acme"));

    @Test
    void aKnowledgeAnswerIsLabelledWithItsSection() {
        String label = ACME.label("we're open monday to friday from nine am to six pm we're closed on weekends and "
                + "public holidays").label();
        assertTrue(ExpectedReplies.sameThing("knowledge:hours", label), label);
        assertFalse(ExpectedReplies.sameThing("knowledge:shipping", label), label);
    }

    @Test
    void aSlotQuestionIsItsIntentAndAClarifyingQuestionIsMarked() {
        assertEquals("order_status", ACME.label("sure i can check that for you what's your order number").label());
        String clarify = ACME.label("just to be sure is your question which payment methods do you accept").label();
        assertTrue(clarify.startsWith("?") && ExpectedReplies.sameThing("knowledge:payment", clarify), clarify);
    }

    @Test
    void theFallbackIsNoneAndUnrelatedWordsMatchLittle() {
        assertEquals("none", ACME.label("sorry i didn't catch that i can help with orders opening hours returns and "
                + "shipping").label());
        assertTrue(ACME.label("purple elephants dance").overlap() < 0.5);
    }

    @Test
    void numbersAreSpelledAsTheRecognizerWritesThem() {
        assertEquals(java.util.List.of("open", "nine", "am", "to", "fifty", "five"),
                ExpectedReplies.words("Open 9 am to 55"));
    }
}
