package dev.parley.tts.normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The phrase being normalized, its tokens (absolute offsets), and the text before it, which rules read for
 * context ("order number" three words back decides how "1234" is read).
 */
final class RuleContext {
    private final String source;
    private final int from;
    private final int to;
    private final List<Token> tokens;

    RuleContext(String source, int from, int to) {
        this.source = source;
        this.from = from;
        this.to = to;
        List<Token> shifted = new ArrayList<>();
        for (Token t : Tokenizer.tokenize(source.substring(from, to))) {
            shifted.add(new Token(t.kind(), t.text(), t.start() + from, t.end() + from));
        }
        this.tokens = List.copyOf(shifted);
    }

    /** The whole original text (offsets are absolute). */
    String source() {
        return source;
    }

    List<Token> tokens() {
        return tokens;
    }

    Token token(int index) {
        return index >= 0 && index < tokens.size() ? tokens.get(index) : null;
    }

    /** A matcher positioned at the token, confined to the phrase (lookaheads do not see past its end). */
    Matcher matcherAt(Pattern pattern, int index) {
        return pattern.matcher(source).region(tokens.get(index).start(), to);
    }

    /** The nearest token before {@code index} that is not whitespace, or null. */
    Token previousNonSpace(int index) {
        for (int i = index - 1; i >= 0; i--) {
            if (!tokens.get(i).is(Token.Kind.SPACE)) {
                return tokens.get(i);
            }
        }
        return null;
    }

    /** The nearest token after {@code index} that is not whitespace, or null. */
    Token nextNonSpace(int index) {
        for (int i = index + 1; i < tokens.size(); i++) {
            if (!tokens.get(i).is(Token.Kind.SPACE)) {
                return tokens.get(i);
            }
        }
        return null;
    }

    /** Whether some token ends exactly at the absolute offset (a rule may only consume whole tokens). */
    boolean isTokenEnd(int offset) {
        for (Token t : tokens) {
            if (t.end() == offset) {
                return true;
            }
        }
        return false;
    }

    /** Whether nothing but whitespace follows the absolute offset within the phrase. */
    boolean onlySpaceFrom(int offset) {
        for (int i = offset; i < to; i++) {
            if (!Character.isWhitespace(source.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Up to {@code max} words (lower case, nearest first) before an absolute offset, looking back past the phrase
     * start into earlier text; digit runs are skipped so "order 12 and 1234" still sees "order".
     */
    List<String> wordsBefore(int offset, int max) {
        List<String> words = new ArrayList<>();
        int i = offset - 1;
        while (i >= 0 && words.size() < max) {
            char c = source.charAt(i);
            if (Character.isLetter(c)) {
                int end = i + 1;
                while (i >= 0 && (Character.isLetter(source.charAt(i)) || source.charAt(i) == '\'')) {
                    i--;
                }
                words.add(source.substring(i + 1, end).toLowerCase(Locale.ROOT));
            } else if (c == '.' || c == '!' || c == '?' || c == '\n') {
                // Context does not cross a sentence end, unless the period belongs to an abbreviation ("No.").
                if (c != '.' || i == 0 || !Character.isLetter(source.charAt(i - 1)) || !words.isEmpty()) {
                    break;
                }
                i--;
            } else {
                i--;
            }
        }
        return words;
    }

    /** The word right before the token, in lower case, or "" (crossing into earlier text). */
    String previousWord(int index) {
        List<String> w = wordsBefore(tokens.get(index).start(), 1);
        return w.isEmpty() ? "" : w.get(0);
    }
}
