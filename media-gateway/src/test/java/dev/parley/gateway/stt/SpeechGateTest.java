package dev.parley.gateway.stt;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpeechGateTest {
    private final List<Integer> sent = new ArrayList<>();
    private final SpeechGate gate = new SpeechGate(3, 4, 0.35f, (frame, index) -> {
        assertEquals(frame[0], index, "a frame's index is its place among all frames seen, pre-roll included");
        sent.add((int) frame[0]);
    });
    private int next;

    private void frames(int count, float p) {
        for (int i = 0; i < count; i++) {
            gate.frame(new short[] {(short) next++}, p);
        }
    }

    @Test
    void silenceNeverReachesTheRecognizer() {
        frames(1000, 0.02f);
        assertTrue(sent.isEmpty());
        assertFalse(gate.open());
    }

    @Test
    void speechArrivesWithItsPreRollAndItsHangover() {
        frames(10, 0.02f);
        frames(5, 0.9f);
        frames(10, 0.02f);
        // Frames 7-9 before the speech, 10-14 the speech, 15-18 the hangover; nothing after.
        assertEquals(List.of(7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18), sent);
        assertEquals(12 / 25.0, gate.sentShare(), 1e-9);
    }

    @Test
    void speechResumingWithinTheHangoverFlowsOnWithoutAGap() {
        frames(3, 0.9f);
        frames(2, 0.02f);
        frames(2, 0.9f);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), sent);
        assertTrue(gate.open());
    }

    @Test
    void theGateOpensBeforeSpeechIsConfirmed() {
        frames(2, 0.02f);
        frames(1, 0.4f);
        assertEquals(List.of(0, 1, 2), sent);
    }
}
