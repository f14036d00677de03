package dev.parley.dialogue.flow.matching;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * BM25 over the targets' documents (Lucene, in memory, English stemming and stop words), one document per target.
 * It catches what embeddings of short sentences blur: a rare word the caller shares with one answer ("paypal",
 * "refund", "parking"), and through {@link WordNeighbours} a word of the caller's that means one of theirs ("postage"
 * for "shipping"), weighed by how close it is. Built once per tenant load; searching is thread-safe.
 */
final class LexicalIndex {

    private static final String TEXT = "text";
    /** The same words, only in the documents stand-ins may match. */
    private static final String STAND_IN = "standin";
    private static final String ID = "id";

    /**
     * English stop words plus the pronouns, auxiliaries and politeness every request is made of ("can you", "I'd
     * like", "please"): in a handful of short documents they would count as evidence. Question words stay, they
     * tell "when" from "where" and "how much".
     */
    private static final CharArraySet STOP = stopWords();

    private final Analyzer analyzer = new EnglishAnalyzer(STOP);
    private final IndexSearcher searcher;
    private final int size;
    /** Every BM25 term of the documents. */
    private final Set<String> known = new HashSet<>();
    /** Null: only the caller's own words are searched. */
    private final WordNeighbours neighbours;
    private final double standInWeight;

    LexicalIndex(List<String> documents) {
        this(documents, new boolean[documents.size()], null, 0);
    }

    /** Stand-ins may match the documents {@code takesStandIns} marks, over their whole text. */
    LexicalIndex(List<String> documents, boolean[] takesStandIns,
                 Function<Map<String, String>, WordNeighbours> neighbours, double standInWeight) {
        this(documents, standInTexts(documents, takesStandIns), neighbours, standInWeight);
    }

    /**
     * @param standInTexts  per document, the part of it stand-ins may match, or null: answers and headings written in
     *                      the business's words — not intents' examples or a section's other ways of asking, which
     *                      are in callers' words already (and an example carries an action: a stand-in "today" for
     *                      "day" must not reach "have a nice day, bye")
     * @param neighbours    builds the stand-ins from the vocabulary of those texts (their words → BM25 terms)
     * @param standInWeight a stand-in term counts this much times its cosine, against 1 for the caller's own word
     */
    LexicalIndex(List<String> documents, List<String> standInTexts,
                 Function<Map<String, String>, WordNeighbours> neighbours, double standInWeight) {
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        IndexWriterConfig config = new IndexWriterConfig(analyzer).setSimilarity(new BM25Similarity());
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            for (int i = 0; i < documents.size(); i++) {
                Document doc = new Document();
                doc.add(new StoredField(ID, i));
                doc.add(new TextField(TEXT, documents.get(i), Field.Store.NO));
                if (standInTexts.get(i) != null) {
                    doc.add(new TextField(STAND_IN, standInTexts.get(i), Field.Store.NO));
                }
                writer.addDocument(doc);
            }
            writer.commit();
            searcher = new IndexSearcher(DirectoryReader.open(directory));
            searcher.setSimilarity(new BM25Similarity());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the BM25 index", e);
        }
        size = documents.size();
        Map<String, String> vocabulary = new LinkedHashMap<>();
        for (int i = 0; i < documents.size(); i++) {
            known.addAll(words(documents.get(i)).values());
            if (standInTexts.get(i) != null) {
                vocabulary.putAll(words(standInTexts.get(i)));
            }
        }
        this.neighbours = neighbours == null || vocabulary.isEmpty() ? null : neighbours.apply(vocabulary);
        this.standInWeight = standInWeight;
    }

    private static List<String> standInTexts(List<String> documents, boolean[] takesStandIns) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            out.add(takesStandIns[i] ? documents.get(i) : null);
        }
        return out;
    }

    /** BM25 score of every document for the caller's words, by document index (0 where no word matches). */
    double[] scores(String text) {
        double[] out = new double[size];
        Set<String> terms = terms(text);
        if (terms.isEmpty() || size == 0) {
            return out;
        }
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        for (String term : terms) {
            query.add(new TermQuery(new Term(TEXT, term)), BooleanClause.Occur.SHOULD);
        }
        if (neighbours != null) {
            neighbours.standIns(words(text), known).forEach((term, cosine) -> {
                if (!terms.contains(term)) {
                    query.add(new BoostQuery(new TermQuery(new Term(STAND_IN, term)), (float) (standInWeight * cosine)),
                            BooleanClause.Occur.SHOULD);
                }
            });
        }
        try {
            for (ScoreDoc hit : searcher.search(query.build(), size).scoreDocs) {
                int id = searcher.storedFields().document(hit.doc).getField(ID).numericValue().intValue();
                out[id] = hit.score;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("BM25 search failed", e);
        }
        return out;
    }

    private static CharArraySet stopWords() {
        CharArraySet set = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, true);
        set.addAll(List.of("i", "i'm", "i'd", "i've", "i'll", "me", "my", "mine", "you", "your", "you're", "we", "our",
                "us", "it's", "its", "can", "could", "would", "should", "do", "does", "did", "don't", "am", "have",
                "has", "had", "just", "so", "ok", "okay", "oh", "um", "uh", "please", "like", "want", "know", "tell",
                "hi", "hello", "hey", "well", "yes", "yeah", "also", "any", "some", "about", "what", "what's", "that's",
                "there's", "let", "get", "got"));
        return CharArraySet.unmodifiableSet(set);
    }

    /** A text's content words as written (lower case), each with its BM25 term; stop words left out. */
    private Map<String, String> words(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z']+")) {
            String w = word.replaceAll("^'+|'+$", "");
            if (w.length() < 3 || STOP.contains(w)) {
                continue;
            }
            Set<String> t = terms(w);
            if (t.size() == 1) {
                out.put(w, t.iterator().next());
            }
        }
        return out;
    }

    private Set<String> terms(String text) {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream tokens = analyzer.tokenStream(TEXT, text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken()) {
                terms.add(term.toString());
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }
}
