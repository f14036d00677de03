package dev.parley.gateway.playout;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlayoutTest {
    private final List<String> sent = new ArrayList<>();
    private final Playout playout = new Playout(80, new Playout.Sink() {
        @Override
        public void audio(byte[] frame, long playAtNanos) {
            assertEquals(Playout.FRAME_BYTES, frame.length);
            sent.add("audio");
        }

        @Override
        public void mark(String name) {
            sent.add("mark:" + name);
        }
    });

    @Test
    void sendsOnlyTheLeadAheadOfRealTime() {
        playout.enqueue(new byte[160 * 50], "end"); // one second of audio
        long t0 = 1_000_000_000L;
        assertEquals(4, playout.tick(t0, null), "80 ms lead = 4 frames at once");
        assertEquals(1, playout.tick(t0 + 1_000_000L, null), "the frame starting 80 ms ahead is now due");
        assertEquals(0, playout.tick(t0 + 20_000_000L, null));
        assertEquals(4, playout.tick(t0 + 120_000_000L, null), "after a late tick the line ran dry: lead again");
        assertEquals(9, sent.size());
    }

    @Test
    void marksFollowTheirAudioAndPartialFramesArePaddedWithSilence() {
        playout.enqueue(new byte[200], "p0");
        playout.enqueue(new byte[160], "p1");
        long t0 = 0;
        playout.tick(t0, null);
        assertEquals(List.of("audio", "audio", "mark:p0", "audio", "mark:p1"), sent);
        assertTrue(playout.idle());
    }

    @Test
    void flushDropsQueuedAudioAndReportsUnsentMarks() {
        playout.enqueue(new byte[160 * 50], "a");
        playout.enqueue(new byte[160 * 10], "b");
        playout.tick(0, null);
        assertEquals(List.of("a", "b"), playout.flush());
        assertTrue(playout.idle());
        assertEquals(0, playout.tick(40_000_000L, null));
        assertEquals(4, sent.size());
    }

    @Test
    void pacesAudioQueuedAfterTheQueueRanEmptyFromWhereTheLineIs() {
        playout.enqueue(new byte[160 * 2], "a");
        assertEquals(2, playout.tick(0, null));
        // More audio arrives while the first 40 ms still play: only the lead is topped up, not the whole answer.
        playout.enqueue(new byte[160 * 50], "b");
        assertEquals(3, playout.tick(10_000_000L, null), "tops the line up to the 80 ms lead");
        assertEquals(0, playout.tick(15_000_000L, null));
    }

    @Test
    void reportsTheFirstFrameOfEachTalkSpurt() {
        List<Long> firsts = new ArrayList<>();
        playout.enqueue(new byte[160], "x");
        playout.tick(0, firsts::add);
        playout.tick(20_000_000L, firsts::add);
        playout.enqueue(new byte[160], "y");
        playout.tick(500_000_000L, firsts::add);
        assertEquals(List.of(0L, 500_000_000L), firsts);
    }
}
