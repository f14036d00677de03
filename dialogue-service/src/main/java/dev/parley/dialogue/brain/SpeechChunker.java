package dev.parley.dialogue.brain;

import java.util.ArrayList;
import java.util.List;

/**
 * Regroups a model's token-sized deltas into speakable pieces: a sentence, or a clause once a sentence runs long, so
 * TTS gets a phrase it can say as soon as it is written, never half a word.
 */
public final class SpeechChunker {

    static final int LONG_CLAUSE = 80;

    private final StringBuilder pending = new StringBuilder();

    public List<String> add(String delta) {
        pending.append(delta);
        List<String> out = new ArrayList<>();
        int cut;
        while ((cut = cutPoint()) > 0) {
            out.add(pending.substring(0, cut));
            pending.delete(0, cut);
        }
        return out;
    }

    /** What is left once the model has finished (a last sentence without a trailing space). */
    public String flush() {
        String rest = pending.toString();
        pending.setLength(0);
        return rest;
    }

    private int cutPoint() {
        int clause = -1;
        for (int i = 0; i + 1 < pending.length(); i++) {
            char c = pending.charAt(i);
            if (Character.isWhitespace(pending.charAt(i + 1))) {
                if (c == '.' || c == '!' || c == '?') {
                    return i + 2;
                }
                if ((c == ',' || c == ';' || c == ':') && i >= LONG_CLAUSE) {
                    clause = i + 2;
                }
            }
        }
        return clause;
    }
}
