package dev.parley.tts.normalize;

/** A run of the original text: a word, a digit run, whitespace, one punctuation mark or one other symbol. */
record Token(Kind kind, String text, int start, int end) {

    enum Kind { WORD, NUMBER, SPACE, PUNCT, SYMBOL }

    boolean is(Kind k) {
        return kind == k;
    }
}
