package dev.parley.tts.normalize;

import java.util.ArrayList;
import java.util.List;

/** Splits text into {@link Token}s whose offsets are relative to the start of the string given. */
final class Tokenizer {
    private Tokenizer() {
    }

    static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            int j = i + 1;
            Token.Kind kind;
            if (isDigit(c)) {
                while (j < n && isDigit(text.charAt(j))) {
                    j++;
                }
                kind = Token.Kind.NUMBER;
            } else if (Character.isLetter(c)) {
                // Letters, with apostrophes inside a word ("don't", "it's").
                while (j < n && (Character.isLetter(text.charAt(j))
                        || (isApostrophe(text.charAt(j)) && j + 1 < n && Character.isLetter(text.charAt(j + 1))))) {
                    j++;
                }
                kind = Token.Kind.WORD;
            } else if (Character.isWhitespace(c)) {
                while (j < n && Character.isWhitespace(text.charAt(j))) {
                    j++;
                }
                kind = Token.Kind.SPACE;
            } else if (".,;:!?".indexOf(c) >= 0) {
                kind = Token.Kind.PUNCT;
            } else {
                if (Character.isHighSurrogate(c) && j < n) {
                    j++;
                }
                kind = Token.Kind.SYMBOL;
            }
            tokens.add(new Token(kind, text.substring(i, j), i, j));
            i = j;
        }
        return tokens;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isApostrophe(char c) {
        return c == '\'' || c == '\u2019';
    }
}
