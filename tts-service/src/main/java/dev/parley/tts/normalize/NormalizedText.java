package dev.parley.tts.normalize;

import java.util.List;

/**
 * Text as it should be spoken, with an offset map back to the original text: each segment says which characters of
 * the original (offsets into the utterance as sent) produced which characters of the spoken text.
 */
public record NormalizedText(String spoken, List<Segment> segments) {

    /** spoken[spokenStart, spokenEnd) was produced from original[sourceStart, sourceEnd). */
    public record Segment(int spokenStart, int spokenEnd, int sourceStart, int sourceEnd) {
    }

    public NormalizedText {
        segments = List.copyOf(segments);
    }

    public boolean isSilent() {
        return spoken.isBlank();
    }

    /**
     * The original-text range that produced spoken[from, to): from the first segment overlapping it to the last.
     * Returns {start, end}; an empty spoken range yields an empty source range at the nearest segment.
     */
    public int[] sourceRange(int from, int to) {
        int start = -1;
        int end = -1;
        for (Segment s : segments) {
            boolean overlaps = s.spokenEnd() > from && s.spokenStart() < to;
            if (overlaps) {
                if (start < 0) {
                    start = s.sourceStart();
                }
                end = Math.max(end, s.sourceEnd());
            }
        }
        if (start < 0) {
            int at = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).sourceEnd();
            for (Segment s : segments) {
                if (s.spokenStart() >= from) {
                    at = s.sourceStart();
                    break;
                }
            }
            return new int[] {at, at};
        }
        return new int[] {start, end};
    }
}
