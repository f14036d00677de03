package dev.parley.dialogue.flow.matching;

import dev.parley.dialogue.flow.FlowDefinition;
import dev.parley.dialogue.knowledge.KnowledgeChunk;
import dev.parley.dialogue.support.SharedEmbedder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hybrid retrieval on real bge-small embeddings and a real Lucene BM25 index. */
class HybridMatcherTest {

    static final FlowDefinition.Intent ORDER = intent("order_status", List.of("order"),
            "where is my order", "track my package");
    static final FlowDefinition.Intent GOODBYE = intent("goodbye", List.of(), "goodbye", "that's all, bye");
    static final KnowledgeChunk SHIPPING = new KnowledgeChunk("store.md", "How much does shipping cost?",
            "Shipping is free on orders over 50 dollars, otherwise it costs 5 dollars. Standard delivery takes 3 to 5 "
                    + "business days.");
    static final KnowledgeChunk PAYMENT = new KnowledgeChunk("store.md", "Which payment methods do you accept?",
            "We accept all major credit and debit cards, and PayPal.");
    static final MatchSettings SETTINGS = new MatchSettings(0.82, 0.76, 0.02, 0.06, 0.15, 4, 0.1, 0);

    static HybridMatcher matcher;

    @BeforeAll
    static void build() {
        matcher = new HybridMatcher(List.of(ORDER, GOODBYE), List.of(SHIPPING, PAYMENT), SharedEmbedder.get(),
                SETTINGS);
    }

    static FlowDefinition.Intent intent(String name, List<String> slots, String... examples) {
        return new FlowDefinition.Intent(name, List.of(examples), slots, null, "ok", null, null, null, null, null);
    }

    static Match match(String text, Set<String> cued) {
        return matcher.match(text, SharedEmbedder.get().embed(text), cued);
    }

    static Match.Candidate candidate(String text, String target, Set<String> cued) {
        return matcher.rank(text, SharedEmbedder.get().embed(text), cued).stream()
                .filter(c -> c.target().name().equals(target)).findFirst().orElseThrow();
    }

    @Test
    void aDetailOfAnAnswerFindsItsSectionThoughTheHeadingSharesNoWord() {
        Match m = match("will it be with me within a week", Set.of());
        assertEquals(SHIPPING.heading(), m.best().target().name(), m.toString());
    }

    @Test
    void aRareWordSharedWithOneAnswerScoresOnlyThere() {
        assertTrue(candidate("is paypal fine", PAYMENT.heading(), Set.of()).lexical() > 0);
        assertEquals(0, candidate("is paypal fine", SHIPPING.heading(), Set.of()).lexical());
        assertEquals(0, candidate("can you please", PAYMENT.heading(), Set.of()).lexical(),
                "the words every request is made of are no evidence");
    }

    @Test
    void aNumberThatFitsAnIntentsSlotIsACueForIt() {
        double without = candidate("it's 1234", "order_status", Set.of()).score();
        double with = candidate("it's 1234", "order_status", Set.of("order_status")).score();
        assertEquals(SETTINGS.cueBonus(), with - without, 1e-9);
    }

    @Test
    void anExampleIsAnsweredAndSomethingUnrelatedIsNot() {
        Match example = match("where is my order", Set.of());
        assertEquals(Match.Band.ANSWER, example.band());
        assertEquals("order_status", example.best().target().name());
        assertEquals(Match.Band.NONE, match("the purple elephant dances", Set.of()).band());
    }

    @Test
    void aScoreJustUnderTheAnswerThresholdAsksInstead() {
        String text = "where is my order";
        double score = candidate(text, "order_status", Set.of()).score();
        HybridMatcher strict = new HybridMatcher(List.of(ORDER, GOODBYE), List.of(SHIPPING, PAYMENT),
                SharedEmbedder.get(), new MatchSettings(score + 0.02, 0.99, 0.02, 0.06, 0.15, 4, 0.1, 0));
        Match m = strict.match(text, SharedEmbedder.get().embed(text), Set.of());
        assertEquals(Match.Band.CLARIFY, m.band());
        assertEquals("Do you mean: where is my order?", m.best().target().topic());
    }

    @Test
    void aSectionIsAskedAboutByItsFirstQuestion() {
        assertEquals("Is your question: how much does shipping cost?", Target.of(SHIPPING).topic());
    }
}
