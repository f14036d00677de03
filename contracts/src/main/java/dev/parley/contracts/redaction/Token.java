package dev.parley.contracts.redaction;

/** A word or a run of written digits in a text: [start, end) in the original text, {@code word} in lower case. */
record Token(int start, int end, String word, boolean digits) {
}
