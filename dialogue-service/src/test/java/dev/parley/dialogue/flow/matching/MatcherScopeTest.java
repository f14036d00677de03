package dev.parley.dialogue.flow.matching;

import dev.parley.dialogue.support.SharedEmbedder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.parley.dialogue.flow.matching.HybridMatcherTest.GOODBYE;
import static dev.parley.dialogue.flow.matching.HybridMatcherTest.ORDER;
import static dev.parley.dialogue.flow.matching.HybridMatcherTest.PAYMENT;
import static dev.parley.dialogue.flow.matching.HybridMatcherTest.SETTINGS;
import static dev.parley.dialogue.flow.matching.HybridMatcherTest.SHIPPING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** flow.yaml's {@code knowledge.asked} and {@code matching.outOfScope}: what a tenant adds to what matching sees. */
class MatcherScopeTest {

    static final String ASKED = "is there a charge for sending it to my house";
    static final String OUTSIDE = "what's the weather forecast for tomorrow";

    static HybridMatcher matcher(Map<String, List<String>> asked, List<String> outOfScope) {
        return new HybridMatcher(List.of(ORDER, GOODBYE), List.of(SHIPPING, PAYMENT), asked, outOfScope,
                SharedEmbedder.get(), SETTINGS);
    }

    static Match match(HybridMatcher matcher, String text) {
        return matcher.match(text, SharedEmbedder.get().embed(text), Set.of());
    }

    @Test
    void anotherWayOfAskingIsMatchedLikeTheHeading() {
        Match plain = match(matcher(Map.of(), List.of()), ASKED);
        Match asked = match(matcher(Map.of("How much does shipping cost?", List.of(ASKED)), List.of()), ASKED);
        assertEquals(SHIPPING.heading(), asked.best().target().name(), "the route still names the heading");
        assertTrue(asked.best().dense() > 0.99 && plain.best().dense() < 0.99, plain + " / " + asked);
        assertTrue(asked.answers(), asked.toString());
    }

    @Test
    void askedTextsMustNameASection() {
        assertThrows(IllegalArgumentException.class,
                () -> matcher(Map.of("Do you ship abroad?", List.of("can you send it to france")), List.of()));
    }

    @Test
    void aTurnClosestToWhatTheTenantDoesNotHandleIsPlacedNowhere() {
        HybridMatcher scoped = matcher(Map.of(), List.of(OUTSIDE, "what time is it right now"));
        Match m = match(scoped, "will it rain tomorrow");
        assertEquals(Match.Band.NONE, m.band(), m.toString());
        assertTrue(m.best() == null || !m.best().target().isOutOfScope(), "never placed on the out-of-scope texts");
        assertTrue(match(scoped, "where is my order").answers(), "what the tenant handles is answered as before");
    }
}
