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
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * BM25 over the targets' documents (Lucene, in memory, English stemming and stop words), one document per target.
 * It catches what embeddings of short sentences blur: a rare word the caller shares with one answer ("paypal",
 * "refund", "parking"). Built once per tenant load; searching is thread-safe.
 */
final class LexicalIndex {

    private static final String TEXT = "text";
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

    LexicalIndex(List<String> documents) {
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        IndexWriterConfig config = new IndexWriterConfig(analyzer).setSimilarity(new BM25Similarity());
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            for (int i = 0; i < documents.size(); i++) {
                Document doc = new Document();
                doc.add(new StoredField(ID, i));
                doc.add(new TextField(TEXT, documents.get(i), Field.Store.NO));
                writer.addDocument(doc);
            }
            writer.commit();
            searcher = new IndexSearcher(DirectoryReader.open(directory));
            searcher.setSimilarity(new BM25Similarity());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the BM25 index", e);
        }
        size = documents.size();
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
