package dev.parley.gateway.stt;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Stream-relative times (16 kHz, 512-sample frames as the gateway sends them) found in the caller's audio. */
class CallerPositionsTest {
    private static final int FRAME = 512;
    private final CallerPositions positions = new CallerPositions(16_000);

    private void frames(long firstCallerFrame, int count) {
        for (int i = 0; i < count; i++) {
            positions.given((firstCallerFrame + i) * FRAME, FRAME);
        }
    }

    @Test
    void theGatesGapsAreSkippedAndTheReplayOfAReopenedStreamStartsItsClock() {
        assertEquals(-1, positions.callerSample(0), "nothing given yet");
        frames(100, 30);
        frames(400, 30);
        assertEquals(100 * FRAME, positions.callerSample(0));
        assertEquals(100 * FRAME + 16 * 500, positions.callerSample(500));
        assertEquals(400 * FRAME + 16 * 40, positions.callerSample(30 * 32 + 40), "past the gap: where it resumed");

        // A final up to frame 40 of the stream; then 20 more frames, then the stream fails and the new one gets
        // what came after the final (frames 40..79 given, i.e. 40 frames) again from its time 0.
        positions.finalUpTo(40 * 32);
        frames(800, 20);
        positions.reopened(40L * FRAME);
        assertEquals(410 * FRAME, positions.callerSample(0));
        assertEquals(800 * FRAME + 16 * 3, positions.callerSample(20 * 32 + 3));
        frames(820, 5);
        assertEquals(824 * FRAME, positions.callerSample(44 * 32), "audio after the reopen goes on from there");
    }

    @Test
    void aFinalKeepsTheSegmentItEndedIn() {
        frames(0, 10);
        frames(50, 10);
        frames(90, 10);
        positions.finalUpTo(15 * 32);
        assertEquals(55 * FRAME, positions.callerSample(15 * 32), "the segment the final ended in is kept");
        assertEquals(95 * FRAME, positions.callerSample(25 * 32));
    }
}
