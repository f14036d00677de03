package dev.parley.dialogue.brain;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Cuts an answer into sentence-sized deltas so TTS can start on the first sentence while the rest is queued. */
public final class Sentences {

    // A sentence ends at . ! or ? followed by whitespace; "9 a.m. to" style abbreviations are rare in our answers.
    private static final Pattern END = Pattern.compile("(?<=[.!?])\\s+");

    private Sentences() {
    }

    /** Splits {@code text} into deltas whose concatenation is the text with whitespace between sentences kept. */
    public static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = END.matcher(text);
        int start = 0;
        while (m.find()) {
            out.add(text.substring(start, m.end()));
            start = m.end();
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }
}
