package dev.parley.dialogue.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cuts a plain-text document into answers at blank lines. A paragraph whose first line is a question or a short title
 * followed by more lines ("Do you ship abroad?" then the answer) is a heading with its text, as in an FAQ; any other
 * paragraph is text under the file's name ("shipping-policy.txt": "shipping policy"). A paragraph longer than an
 * answer should be is split at sentence ends, each part keeping the heading.
 */
public final class TextChunker {

    /** A first line this short, or ending in '?', reads as a title rather than the start of the text. */
    static final int MAX_TITLE_CHARS = 80;

    private TextChunker() {
    }

    public static List<KnowledgeChunk> chunk(String source, String text) {
        List<KnowledgeChunk> chunks = new ArrayList<>();
        String title = titleOf(source);
        for (String paragraph : text.strip().split("\\R\\s*\\R")) {
            List<String> lines = paragraph.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            if (lines.isEmpty()) {
                continue;
            }
            String first = lines.get(0);
            boolean titled = lines.size() > 1 && (first.endsWith("?") || (first.length() <= MAX_TITLE_CHARS
                    && !first.matches(".*[.!,;]$")));
            String heading = titled ? first : title;
            String body = String.join(" ", titled ? lines.subList(1, lines.size()) : lines);
            for (String part : bySentences(body)) {
                chunks.add(new KnowledgeChunk(source, heading, part));
            }
        }
        return chunks;
    }

    /** "shipping-policy.txt" reads "shipping policy". */
    static String titleOf(String source) {
        String name = source.replaceFirst("\\.[^.]*$", "");
        return name.replaceAll("[-_]+", " ").strip().toLowerCase(Locale.ROOT);
    }

    /** The text in parts of at most {@link MarkdownChunker#MAX_CHUNK_CHARS}, cut after a sentence where it can be. */
    private static List<String> bySentences(String body) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (String sentence : body.split("(?<=[.!?])\\s+")) {
            if (part.length() > 0 && part.length() + 1 + sentence.length() > MarkdownChunker.MAX_CHUNK_CHARS) {
                parts.add(part.toString());
                part.setLength(0);
            }
            part.append(part.length() == 0 ? "" : " ").append(sentence);
        }
        if (part.length() > 0) {
            parts.add(part.toString());
        }
        return parts;
    }
}
