package dev.parley.dialogue.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cuts a markdown document into sections at {@code ##}-or-deeper headings; a section's paragraphs become spoken text
 * (markup removed). Long sections are split by paragraph, each keeping the heading, so an answer stays short enough to
 * say on the phone. Text before the first such heading (under the {@code #} title) is an introduction, not an answer.
 */
public final class MarkdownChunker {

    /** Longest answer, in characters, before a section is split by paragraph. */
    static final int MAX_CHUNK_CHARS = 400;

    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*)$");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)]\\([^)]*\\)");
    private static final Pattern EMPHASIS = Pattern.compile("[*_`]+");
    private static final Pattern BULLET = Pattern.compile("^\\s*([-*+]|\\d+[.)])\\s+");

    private MarkdownChunker() {
    }

    public static List<KnowledgeChunk> chunk(String source, String markdown) {
        List<KnowledgeChunk> chunks = new ArrayList<>();
        String heading = null;
        List<String> paragraphs = new ArrayList<>();
        StringBuilder paragraph = new StringBuilder();
        for (String line : markdown.split("\\R")) {
            var m = HEADING.matcher(line.trim());
            if (m.matches()) {
                flushParagraph(paragraph, paragraphs);
                emit(source, heading, paragraphs, chunks);
                heading = m.group(1).length() >= 2 ? clean(m.group(2)) : null;
                paragraphs.clear();
            } else if (line.isBlank()) {
                flushParagraph(paragraph, paragraphs);
            } else {
                String text = clean(BULLET.matcher(line).replaceFirst(""));
                if (BULLET.matcher(line).find()) {
                    // Each list item is said as its own sentence.
                    flushParagraph(paragraph, paragraphs);
                    text = endSentence(text);
                }
                if (paragraph.length() > 0) {
                    paragraph.append(' ');
                }
                paragraph.append(text);
            }
        }
        flushParagraph(paragraph, paragraphs);
        emit(source, heading, paragraphs, chunks);
        return chunks;
    }

    private static void emit(String source, String heading, List<String> paragraphs, List<KnowledgeChunk> out) {
        if (heading == null || paragraphs.isEmpty()) {
            return;
        }
        String whole = String.join(" ", paragraphs);
        if (whole.length() <= MAX_CHUNK_CHARS) {
            out.add(new KnowledgeChunk(source, heading, whole));
            return;
        }
        for (String p : paragraphs) {
            out.add(new KnowledgeChunk(source, heading, p));
        }
    }

    private static void flushParagraph(StringBuilder paragraph, List<String> paragraphs) {
        if (paragraph.length() > 0) {
            paragraphs.add(paragraph.toString().trim());
            paragraph.setLength(0);
        }
    }

    private static String clean(String text) {
        String noLinks = LINK.matcher(text).replaceAll("$1");
        return EMPHASIS.matcher(noLinks).replaceAll("").trim();
    }

    private static String endSentence(String text) {
        return text.matches(".*[.!?:]$") ? text : text + ".";
    }
}
