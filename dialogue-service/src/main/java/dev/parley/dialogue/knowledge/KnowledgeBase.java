package dev.parley.dialogue.knowledge;

import dev.parley.dialogue.embedding.Embedder;
import dev.parley.dialogue.embedding.Vectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A tenant's knowledge: markdown sections and text paragraphs embedded once at load and searched by cosine similarity. Each section is
 * embedded twice, by its heading alone and by heading plus text, and scores its better match: callers' questions
 * resemble the question-style headings more than the answers.
 */
public final class KnowledgeBase {

    private final List<KnowledgeChunk> chunks;
    private final List<float[]> headingVectors;
    private final List<float[]> fullVectors;

    private KnowledgeBase(List<KnowledgeChunk> chunks, List<float[]> headingVectors, List<float[]> fullVectors) {
        this.chunks = List.copyOf(chunks);
        this.headingVectors = headingVectors;
        this.fullVectors = fullVectors;
    }

    public static KnowledgeBase empty() {
        return new KnowledgeBase(List.of(), List.of(), List.of());
    }

    public static KnowledgeBase of(List<KnowledgeChunk> chunks, Embedder embedder) {
        List<float[]> headings = new ArrayList<>();
        List<float[]> full = new ArrayList<>();
        for (KnowledgeChunk c : chunks) {
            headings.add(embedder.embed(c.heading()));
            full.add(embedder.embed(c.heading() + "\n" + c.text()));
        }
        return new KnowledgeBase(chunks, headings, full);
    }

    /**
     * Loads every {@code *.md} (sections at headings) and {@code *.txt} (paragraphs) file of {@code dir}, in name
     * order (none if the folder does not exist).
     */
    public static KnowledgeBase load(Path dir, Embedder embedder) {
        if (!Files.isDirectory(dir)) {
            return empty();
        }
        List<KnowledgeChunk> chunks = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".md")) {
                    chunks.addAll(MarkdownChunker.chunk(name, Files.readString(f, StandardCharsets.UTF_8)));
                } else if (name.endsWith(".txt")) {
                    chunks.addAll(TextChunker.chunk(name, Files.readString(f, StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read knowledge folder " + dir + ": " + e.getMessage(), e);
        }
        return of(chunks, embedder);
    }

    public int size() {
        return chunks.size();
    }

    public List<KnowledgeChunk> chunks() {
        return chunks;
    }

    /** The {@code k} closest chunks scoring at least {@code minScore}, best first (what an LLM turn is grounded on). */
    public List<KnowledgeHit> top(float[] query, int k, double minScore) {
        List<KnowledgeHit> hits = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            double score = Math.max(Vectors.dot(query, headingVectors.get(i)), Vectors.dot(query, fullVectors.get(i)));
            if (score >= minScore) {
                hits.add(new KnowledgeHit(chunks.get(i), score));
            }
        }
        hits.sort((a, b) -> Double.compare(b.score(), a.score()));
        return hits.size() > k ? List.copyOf(hits.subList(0, k)) : hits;
    }

    /** The closest chunk to a (unit-length) query vector, if there is any knowledge at all. */
    public Optional<KnowledgeHit> best(float[] query) {
        KnowledgeHit best = null;
        for (int i = 0; i < chunks.size(); i++) {
            double score = Math.max(Vectors.dot(query, headingVectors.get(i)), Vectors.dot(query, fullVectors.get(i)));
            if (best == null || score > best.score()) {
                best = new KnowledgeHit(chunks.get(i), score);
            }
        }
        return Optional.ofNullable(best);
    }
}
