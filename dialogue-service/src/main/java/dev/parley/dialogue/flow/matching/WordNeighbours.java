package dev.parley.dialogue.flow.matching;

import dev.parley.dialogue.embedding.Embedder;
import dev.parley.dialogue.embedding.Vectors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Caller words the tenant's texts never use, mapped to the words they do use that mean nearly the same: "postage" to
 * "shipping" and "delivery", "sunday" to "weekends", "cheers" to "thanks", "mastercard" to "cards" (single-word bge-small
 * cosines of 0.78-0.85, where unrelated pairs score 0.5-0.65). BM25 then finds the answer that says "shipping" for a
 * caller who said "postage", which it cannot by exact words alone. Each tenant word is embedded once at load; a caller
 * word once per process (cached), so a turn pays for its new words only.
 */
final class WordNeighbours {

    /** Bounds the cache of caller words: a few thousand distinct words cover most calls. */
    private static final int MAX_CACHED = 20_000;
    /** Bounds a turn's cost: each word new to the process is one embedding (~1-3 ms) on the way to the answer. */
    private static final int MAX_NEW_PER_TURN = 4;

    private final Embedder embedder;
    private final double minCosine;
    private final int perWord;
    /** Tenant word (as spoken) → its BM25 term, and its vector. */
    private final Map<String, String> terms = new LinkedHashMap<>();
    private final List<String> words = new ArrayList<>();
    private final List<float[]> vectors = new ArrayList<>();
    private final Map<String, float[]> callerWords = new ConcurrentHashMap<>();

    /**
     * @param vocabulary the tenant's words as written, each with its BM25 term
     * @param minCosine  how close a tenant word must be to stand in for a caller's word
     * @param perWord    at most this many stand-ins per caller word
     */
    WordNeighbours(Map<String, String> vocabulary, Embedder embedder, double minCosine, int perWord) {
        this.embedder = embedder;
        this.minCosine = minCosine;
        this.perWord = perWord;
        vocabulary.forEach((word, term) -> {
            terms.put(word, term);
            words.add(word);
            vectors.add(embedder.embed(word));
        });
    }

    /**
     * The BM25 terms standing in for the caller's words that are not in the tenant's texts, each with its cosine.
     *
     * @param spoken the caller's content words, each with its BM25 term
     * @param known  BM25 terms the tenant's texts contain
     */
    Map<String, Double> standIns(Map<String, String> spoken, Set<String> known) {
        Map<String, Double> out = new LinkedHashMap<>();
        int embedded = 0;
        for (Map.Entry<String, String> word : spoken.entrySet()) {
            if (known.contains(word.getValue())) {
                continue;
            }
            float[] v = callerWords.get(word.getKey());
            if (v == null) {
                if (embedded++ == MAX_NEW_PER_TURN) {
                    break;
                }
                v = vector(word.getKey());
            }
            List<double[]> near = new ArrayList<>();
            for (int i = 0; i < words.size(); i++) {
                double cosine = Vectors.dot(v, vectors.get(i));
                if (cosine >= minCosine) {
                    near.add(new double[] {cosine, i});
                }
            }
            near.sort((a, b) -> Double.compare(b[0], a[0]));
            near.stream().limit(perWord).forEach(n -> out.merge(terms.get(words.get((int) n[1])), n[0], Math::max));
        }
        return out;
    }

    private float[] vector(String word) {
        if (callerWords.size() >= MAX_CACHED) {
            callerWords.clear();
        }
        return callerWords.computeIfAbsent(word, (Function<String, float[]>) embedder::embed);
    }
}
