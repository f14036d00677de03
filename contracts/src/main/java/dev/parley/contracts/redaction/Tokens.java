package dev.parley.contracts.redaction;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a text into words and digit runs with their positions, in one pass: letters (with inner apostrophes, so
 * "o'clock" stays one word) and digits are separate tokens, so "AB123456" yields "ab" and "123456".
 */
final class Tokens {

    private Tokens() {
    }

    static List<Token> of(String text) {
        List<Token> tokens = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isDigit(c)) {
                int start = i;
                while (i < n && Character.isDigit(text.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(start, i, text.substring(start, i), true));
            } else if (Character.isLetter(c)) {
                int start = i;
                StringBuilder word = new StringBuilder();
                while (i < n && (Character.isLetter(text.charAt(i))
                        || (text.charAt(i) == '\'' && i + 1 < n && Character.isLetter(text.charAt(i + 1))))) {
                    word.append(Character.toLowerCase(text.charAt(i)));
                    i++;
                }
                tokens.add(new Token(start, i, word.toString(), false));
            } else {
                i++;
            }
        }
        return tokens;
    }

    /** True when the characters between two tokens are only {@code allowed} ones (an empty gap is allowed too). */
    static boolean gapOnly(String text, Token left, Token right, String allowed) {
        for (int i = left.end(); i < right.start(); i++) {
            char c = text.charAt(i);
            if (allowed.indexOf(c) < 0 && !Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    /** The characters between two tokens with whitespace removed ("." for "gmail.com", "" for "gmail dot"). */
    static String gap(String text, Token left, Token right) {
        StringBuilder gap = new StringBuilder();
        for (int i = left.end(); i < right.start(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                gap.append(c);
            }
        }
        return gap.toString();
    }
}
