package dev.parley.dialogue.flow;

import dev.parley.dialogue.embedding.Embedder;
import dev.parley.dialogue.embedding.Vectors;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Scores a caller's sentence against every intent by the cosine similarity of its closest example. Examples are
 * embedded once when the tenant loads; a turn costs one embedding (done by the caller) and a few hundred dot products.
 */
final class IntentMatcher {

    /** An intent's score for one sentence. */
    record Score(FlowDefinition.Intent intent, double score) {
    }

    private final List<FlowDefinition.Intent> intents;
    private final List<List<float[]>> examples = new ArrayList<>();

    IntentMatcher(List<FlowDefinition.Intent> intents, Embedder embedder) {
        this.intents = List.copyOf(intents);
        for (FlowDefinition.Intent intent : intents) {
            List<float[]> vectors = new ArrayList<>();
            for (String example : intent.examples()) {
                vectors.add(embedder.embed(example));
            }
            examples.add(vectors);
        }
    }

    /** All intents, best first. */
    List<Score> rank(float[] sentence) {
        List<Score> scores = new ArrayList<>();
        for (int i = 0; i < intents.size(); i++) {
            double best = -1;
            for (float[] example : examples.get(i)) {
                best = Math.max(best, Vectors.dot(sentence, example));
            }
            scores.add(new Score(intents.get(i), best));
        }
        scores.sort(Comparator.comparingDouble(Score::score).reversed());
        return scores;
    }
}
