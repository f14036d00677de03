package dev.parley.dialogue.flow.matching;

import dev.parley.dialogue.embedding.Embedder;
import dev.parley.dialogue.embedding.Vectors;
import dev.parley.dialogue.flow.FlowDefinition;
import dev.parley.dialogue.knowledge.KnowledgeChunk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Hybrid retrieval over a tenant's intents (their examples) and knowledge sections (headings and answer texts):
 * dense bge-small cosine similarity fused with BM25, plus an entity cue (the turn holds a number that fits an intent's
 * slot), then a confidence band (answer / clarify / none). The band is decided on the fused score sharpened by how
 * far it stands above the turn's mean over all targets ({@link MatchSettings#contrast()}): bge-small puts every
 * sentence of a domain at cosine 0.6-0.75 to everything, so "do you take visa" scores as low against the payment
 * answer as "tell me a joke" against anything — but it stands out from the other targets, and the joke does not.
 * A tenant may add other ways of asking for a section, and requests it does not handle: a turn closest to those is
 * placed nowhere, as sharing a question's frame ("when does the post office open") is no reason to answer it.
 * Everything is embedded and indexed once when the tenant loads; a turn costs the one embedding its caller made, a
 * few hundred dot products and one BM25 query.
 */
public final class HybridMatcher {

    /** Single-word cosine from which a tenant's word stands in for a caller's (related pairs 0.78-0.85, others < 0.7). */
    static final double STAND_IN_COSINE = 0.76;
    static final int STAND_INS_PER_WORD = 2;
    /**
     * A stand-in counts this much times its cosine against 1 for the caller's own word: more than 1, as BM25 gives a
     * common word of the tenant's texts ("delivery") less than the rare word the caller used would have had.
     */
    static final double STAND_IN_WEIGHT = 1.5;

    private final List<Target> targets = new ArrayList<>();
    private final List<List<float[]>> vectors = new ArrayList<>();
    private final LexicalIndex lexical;
    private final MatchSettings settings;

    public HybridMatcher(List<FlowDefinition.Intent> intents, List<KnowledgeChunk> knowledge, Embedder embedder,
                         MatchSettings settings) {
        this(intents, knowledge, Map.of(), List.of(), embedder, settings);
    }

    /**
     * @param asked per section, other ways callers ask for it (flow.yaml {@code knowledge.asked}), keyed by its
     *              heading or one question of the heading; a key that names no section fails the tenant's load
     * @param outOfScope requests the tenant does not handle (flow.yaml {@code matching.outOfScope}): a turn closest
     *                   to them is placed nowhere; one close to them and to a target is asked about
     */
    public HybridMatcher(List<FlowDefinition.Intent> intents, List<KnowledgeChunk> knowledge,
                         Map<String, List<String>> asked, List<String> outOfScope, Embedder embedder,
                         MatchSettings settings) {
        this.settings = settings;
        intents.forEach(i -> targets.add(Target.of(i)));
        Set<String> used = new HashSet<>();
        for (KnowledgeChunk c : knowledge) {
            List<String> extra = new ArrayList<>();
            asked.forEach((key, texts) -> {
                if (names(c.heading(), key)) {
                    extra.addAll(texts);
                    used.add(key);
                }
            });
            targets.add(Target.of(c, extra));
        }
        Set<String> unknown = new HashSet<>(asked.keySet());
        unknown.removeAll(used);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("knowledge.asked names no section's heading: " + unknown);
        }
        if (!outOfScope.isEmpty()) {
            targets.add(Target.outOfScope(outOfScope));
        }
        List<String> documents = new ArrayList<>();
        for (Target t : targets) {
            List<float[]> vs = new ArrayList<>();
            t.texts().forEach(text -> vs.add(embedder.embed(text)));
            vectors.add(vs);
            documents.add(t.document());
        }
        List<String> answers = new ArrayList<>();
        targets.forEach(t -> answers.add(t.chunk() == null ? null : t.chunk().heading() + ". " + t.chunk().text()));
        lexical = new LexicalIndex(documents, answers,
                vocabulary -> new WordNeighbours(vocabulary, embedder, STAND_IN_COSINE, STAND_INS_PER_WORD),
                STAND_IN_WEIGHT);
    }

    /** Whether {@code key} is this heading or one question of it. */
    private static boolean names(String heading, String key) {
        String k = key.strip();
        return heading.strip().equalsIgnoreCase(k)
                || Target.sentences(heading).stream().anyMatch(q -> q.equalsIgnoreCase(k));
    }

    public MatchSettings settings() {
        return settings;
    }

    /** The target with this {@link Target#ref()}, if the tenant (as loaded now) still has it. */
    public Optional<Target> byRef(String ref) {
        return targets.stream().filter(t -> t.ref().equals(ref)).findFirst();
    }

    /**
     * Every target scored for a turn, best first.
     *
     * @param vector the turn's embedding (unit length)
     * @param cued   intents whose slot a number of this turn fits
     */
    public List<Match.Candidate> rank(String text, float[] vector, Set<String> cued) {
        double[] bm25 = lexical.scores(text);
        List<Match.Candidate> ranked = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            double dense = -1;
            for (float[] v : vectors.get(i)) {
                dense = Math.max(dense, Vectors.dot(vector, v));
            }
            double lex = bm25[i] / (bm25[i] + settings.lexicalHalf());
            double score = dense + settings.lexicalWeight() * lex
                    + (t.isIntent() && cued.contains(t.name()) ? settings.cueBonus() : 0);
            ranked.add(new Match.Candidate(t, dense, lex, score));
        }
        sharpen(ranked);
        ranked.sort(Comparator.comparingDouble(Match.Candidate::score).reversed());
        return ranked;
    }

    /** Adds {@code contrast} times each score's distance above the turn's mean score; the order stays the same. */
    private void sharpen(List<Match.Candidate> ranked) {
        if (settings.contrast() == 0 || ranked.isEmpty()) {
            return;
        }
        double mean = ranked.stream().mapToDouble(Match.Candidate::score).average().orElse(0);
        ranked.replaceAll(c -> new Match.Candidate(c.target(), c.dense(), c.lexical(),
                c.score() + settings.contrast() * (c.score() - mean)));
    }

    /** The turn's best target and the band it falls in. */
    public Match match(String text, float[] vector, Set<String> cued) {
        List<Match.Candidate> ranked = rank(text, vector, cued);
        if (ranked.isEmpty()) {
            return new Match(Match.Band.NONE, null, null);
        }
        if (ranked.get(0).target().isOutOfScope()) {
            // Closest to what the tenant does not handle: placed nowhere, unless a target is as close (within the
            // margin) and near its answer score — then asking is safe either way. The nearest is kept for the logs.
            Match.Candidate outside = ranked.get(0);
            Match.Candidate nearest = ranked.size() > 1 ? ranked.get(1) : null;
            boolean asks = nearest != null && outside.score() - nearest.score() < settings.margin()
                    && nearest.score() >= settings.answerAt(nearest.target()) - settings.clarifyBand();
            return new Match(asks ? Match.Band.CLARIFY : Match.Band.NONE, nearest, outside);
        }
        Match.Candidate best = ranked.get(0);
        // Split sections share a heading: the runner-up is the best other target.
        Match.Candidate runnerUp = ranked.stream().skip(1)
                .filter(c -> !c.target().name().equals(best.target().name())).findFirst().orElse(null);
        double lead = runnerUp == null ? 1 : best.score() - runnerUp.score();
        double answerAt = settings.answerAt(best.target());
        Match.Band band;
        if (best.score() >= answerAt && lead >= settings.margin()) {
            band = Match.Band.ANSWER;
        } else if (best.score() >= answerAt - settings.clarifyBand()) {
            band = Match.Band.CLARIFY;
        } else {
            band = Match.Band.NONE;
        }
        return new Match(band, best, runnerUp);
    }
}
