package dev.parley.dialogue.flow.paraphrase;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.parley.dialogue.embedding.Embedder;
import dev.parley.dialogue.flow.FlowDefinition;
import dev.parley.dialogue.flow.matching.HybridMatcher;
import dev.parley.dialogue.flow.matching.MatchSettings;
import dev.parley.dialogue.knowledge.KnowledgeBase;
import dev.parley.dialogue.support.SharedEmbedder;
import dev.parley.dialogue.support.Tenants;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What matching costs per turn beside the turn's one embedding: the corpus's sentences, each embedded, then matched
 * (cosines over every target's texts plus one BM25 query), both timed in the same loop so a busy machine slows both
 * alike. Printed, never asserted.
 */
final class MatchingCost {

    private MatchingCost() {
    }

    static String measure(String tenant, int rounds) throws Exception {
        FlowDefinition flow = new ObjectMapper(new YAMLFactory()).readValue(
                Tenants.root().resolve(tenant).resolve("flow.yaml").toFile(), FlowDefinition.class);
        Embedder embedder = SharedEmbedder.get();
        KnowledgeBase knowledge = KnowledgeBase.load(Tenants.root().resolve(tenant).resolve("knowledge"), embedder);
        MatchSettings settings = new MatchSettings(0.82, 0.76, 0.02, 0.06, 0.15, 4, 0.1, 0);
        HybridMatcher matcher = new HybridMatcher(flow.intents(), knowledge.chunks(), asked(flow), flow.matching().outOfScopeOrEmpty(), embedder, settings);
        List<String> texts = new ArrayList<>();
        ParaphraseCorpus.load(tenant, "tuning").calls().forEach(c -> c.forEach(r -> texts.add(r.text())));
        List<Long> embed = new ArrayList<>();
        List<Long> match = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (String text : texts) {
                long start = System.nanoTime();
                float[] vector = embedder.embed(text);
                long embedded = System.nanoTime();
                matcher.match(text, vector, Set.of());
                long matched = System.nanoTime();
                if (round > 0) { // the first round warms up
                    embed.add(embedded - start);
                    match.add(matched - embedded);
                }
            }
        }
        // A fresh matcher on other sentences: the caller words it has not seen yet are embedded on the turn.
        HybridMatcher fresh = new HybridMatcher(flow.intents(), knowledge.chunks(), asked(flow), flow.matching().outOfScopeOrEmpty(), embedder, settings);
        List<Long> firstSight = new ArrayList<>();
        ParaphraseCorpus.load(tenant, "heldout").calls().forEach(c -> c.forEach(r -> {
            float[] vector = embedder.embed(r.text());
            long start = System.nanoTime();
            fresh.match(r.text(), vector, Set.of());
            firstSight.add(System.nanoTime() - start);
        }));
        return String.format(Locale.ROOT, "%-11s per turn: embedding p50 %.2f / p95 %.2f ms, matching p50 %.2f / "
                + "p95 %.2f ms (n=%d); matching with words new to the process p50 %.2f / p95 %.2f ms (n=%d)", tenant,
                p(embed, 50), p(embed, 95), p(match, 50), p(match, 95), match.size(), p(firstSight, 50),
                p(firstSight, 95), firstSight.size());
    }

    private static java.util.Map<String, List<String>> asked(FlowDefinition flow) {
        return flow.knowledge() == null ? java.util.Map.of() : flow.knowledge().askedOrEmpty();
    }

    private static double p(List<Long> nanos, int percentile) {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(Long::compare);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100)) / 1e6;
    }
}
