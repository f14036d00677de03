package dev.parley.dialogue.cache;

import dev.parley.dialogue.embedding.Vectors;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * One tenant's answers to questions an LLM already answered, found again by meaning: a question whose embedding has
 * cosine >= {@code threshold} with a stored one gets the stored answer without a model call. Bounded (oldest answers
 * leave first) and owned by one tenant, so no tenant can ever be served another's answer. Only answers that used no
 * caller-specific data are stored (the LLM brain decides).
 */
public final class SemanticCache {

    public record Hit(String question, String answer, double score) {
    }

    private record Entry(String question, float[] vector, String answer) {
    }

    private final double threshold;
    private final int maxEntries;
    private final Deque<Entry> entries = new ArrayDeque<>();

    public SemanticCache(double threshold, int maxEntries) {
        if (threshold <= 0 || threshold > 1 || maxEntries < 1) {
            throw new IllegalArgumentException("cache needs 0 < threshold <= 1 and maxEntries >= 1");
        }
        this.threshold = threshold;
        this.maxEntries = maxEntries;
    }

    /** The best stored answer for a unit-length question vector, if it is similar enough. */
    public synchronized Optional<Hit> lookup(float[] question) {
        Entry best = null;
        double bestScore = -1;
        for (Entry e : entries) {
            double score = Vectors.dot(question, e.vector());
            if (score > bestScore) {
                best = e;
                bestScore = score;
            }
        }
        return best != null && bestScore >= threshold
                ? Optional.of(new Hit(best.question(), best.answer(), bestScore)) : Optional.empty();
    }

    public synchronized void store(String question, float[] vector, String answer) {
        if (lookup(vector).filter(h -> h.score() >= 0.999).isPresent()) {
            return; // the same question again: keep the first answer
        }
        entries.addLast(new Entry(question, vector.clone(), answer));
        if (entries.size() > maxEntries) {
            entries.removeFirst();
        }
    }

    public synchronized int size() {
        return entries.size();
    }

    public double threshold() {
        return threshold;
    }
}
