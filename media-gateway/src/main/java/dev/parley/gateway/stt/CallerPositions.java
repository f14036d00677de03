package dev.parley.gateway.stt;

import java.util.Arrays;

/**
 * Where the audio of a recognition stream came from in the caller's audio, so a word's stream-relative time can be
 * found in the call (a recording bleeps it there). The stream does not carry the call's audio one to one: the speech
 * gate sends only the stretches around speech (a pre-roll from before the gate opened included), and a stream
 * reopened after a failure starts again at 0 with the audio since the last final replayed. So every sample given
 * to the stream is numbered ("given" space), a segment is kept where the caller position jumps (the gate opened
 * again), and each stream's time 0 is a point of the given space.
 * Two primitive arrays grown by doubling, pruned at each final: nothing is allocated per frame.
 */
final class CallerPositions {
    private final int samplesPerMs;
    private long[] givenStart = new long[16];
    private long[] callerStart = new long[16];
    private int segments;
    private long given;
    private long expectedCaller = -1;
    /** The given sample that is the current stream's time 0. */
    private long origin;

    CallerPositions(int sampleRate) {
        this.samplesPerMs = sampleRate / 1000;
    }

    /** {@code n} samples given to the stream, the first being sample {@code callerSample} of the caller's audio. */
    void given(long callerSample, int n) {
        if (callerSample != expectedCaller) {
            if (segments == givenStart.length) {
                givenStart = Arrays.copyOf(givenStart, segments * 2);
                callerStart = Arrays.copyOf(callerStart, segments * 2);
            }
            givenStart[segments] = given;
            callerStart[segments] = callerSample;
            segments++;
        }
        given += n;
        expectedCaller = callerSample + n;
    }

    /** A new stream starts with the last {@code replayed} samples given, sent again. */
    void reopened(long replayed) {
        origin = given - replayed;
    }

    /** The caller sample at {@code streamMs} of the current stream; -1 before any audio was given. */
    long callerSample(long streamMs) {
        if (segments == 0) {
            return -1;
        }
        long at = origin + streamMs * samplesPerMs;
        int i = segments - 1;
        while (i > 0 && givenStart[i] > at) {
            i--;
        }
        return callerStart[i] + at - givenStart[i];
    }

    /** A final covered the stream up to {@code streamMs}: no later word is earlier, the segments before it go. */
    void finalUpTo(long streamMs) {
        long at = origin + streamMs * samplesPerMs;
        int first = 0;
        while (first + 1 < segments && givenStart[first + 1] <= at) {
            first++;
        }
        if (first > 0) {
            System.arraycopy(givenStart, first, givenStart, 0, segments - first);
            System.arraycopy(callerStart, first, callerStart, 0, segments - first);
            segments -= first;
        }
    }
}
