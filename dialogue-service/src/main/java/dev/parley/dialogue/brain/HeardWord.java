package dev.parley.dialogue.brain;

/** A word of a spoken turn as the speech recognizer heard it, with its confidence (0..1; 0 when not known). */
public record HeardWord(String text, float confidence) {
}
