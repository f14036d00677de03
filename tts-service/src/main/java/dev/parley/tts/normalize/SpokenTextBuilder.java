package dev.parley.tts.normalize;

import java.util.ArrayList;
import java.util.List;

/** Accumulates spoken words and records, for each, the original-text span it came from. */
final class SpokenTextBuilder {
    private final StringBuilder spoken = new StringBuilder();
    private final List<NormalizedText.Segment> segments = new ArrayList<>();

    /** Appends words spoken for original[sourceStart, sourceEnd); blank words are silent (nothing appended). */
    void add(String words, int sourceStart, int sourceEnd) {
        String w = words.strip();
        if (w.isEmpty()) {
            return;
        }
        boolean punctuation = w.length() == 1 && ".,;:!?".indexOf(w.charAt(0)) >= 0;
        if (punctuation) {
            if (spoken.length() == 0 || endsWithPunctuation()) {
                return; // a pause at the start or right after another pause says nothing
            }
        } else if (spoken.length() > 0) {
            spoken.append(' ');
        }
        int at = spoken.length();
        spoken.append(w);
        segments.add(new NormalizedText.Segment(at, spoken.length(), sourceStart, sourceEnd));
    }

    private boolean endsWithPunctuation() {
        char last = spoken.charAt(spoken.length() - 1);
        return ".,;:!?".indexOf(last) >= 0;
    }

    NormalizedText build() {
        return new NormalizedText(spoken.toString(), segments);
    }
}
