package dev.parley.dialogue.brain;

import java.util.ArrayList;
import java.util.List;

/**
 * Regroups a model's token-sized deltas into speakable pieces: a sentence, or a clause once a sentence runs long, so
 * TTS gets a phrase it can say as soon as it is written, never half a word. The answer's first sentence goes out
 * word by word instead: its first words are what the caller is waiting for, and a slow model (a few words a second)
 * takes seconds to finish a sentence; tts-service decides where its first phrase ends.
 */
public final class SpeechChunker {

    static final int LONG_CLAUSE = 80;

    private final StringBuilder pending = new StringBuilder();
    private boolean firstSentenceOut;

    public List<String> add(String delta) {
        pending.append(delta);
        List<String> out = new ArrayList<>();
        if (!firstSentenceOut) {
            int sentence = sentenceEnd();
            int words = sentence > 0 ? sentence : afterLastWhitespace();
            if (words > 0 && !pending.substring(0, words).isBlank()) {
                out.add(pending.substring(0, words));
                pending.delete(0, words);
            }
            firstSentenceOut = sentence > 0;
        }
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

    private int afterLastWhitespace() {
        for (int i = pending.length() - 1; i >= 0; i--) {
            if (Character.isWhitespace(pending.charAt(i))) {
                return i + 1;
            }
        }
        return 0;
    }

    private int sentenceEnd() {
        for (int i = 0; i + 1 < pending.length(); i++) {
            char c = pending.charAt(i);
            if ((c == '.' || c == '!' || c == '?') && Character.isWhitespace(pending.charAt(i + 1))) {
                return i + 2;
            }
        }
        return -1;
    }

    private int cutPoint() {
        if (!firstSentenceOut) {
            return -1;
        }
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
