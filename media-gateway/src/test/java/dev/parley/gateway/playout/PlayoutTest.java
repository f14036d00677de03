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
        public void audio(byte[] frame, long playAtNanos, int tag) {
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
        assertEquals(List.of("audio", "audio", "mark:p0#1", "audio", "mark:p1#2"), sent);
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

    @Test
    void aRewindTakesBackWhatTheLineHadNotPlayedAndSendsItAgainOnResume() {
        playout.enqueue(loud(10), "end");
        long t0 = 0;
        assertEquals(4, playout.tick(t0, null));
        playout.pause();
        playout.rewind(t0 + 30_000_000L);
        // Frames due at 40 and 60 ms never played; there is no gap in this "word", so resume exactly there.
        playout.resume();
        assertEquals(4, playout.tick(t0 + 30_000_000L, null));
        assertEquals(8, sent.stream().filter("audio"::equals).count());
    }

    @Test
    void aRewindBacksUpToTheGapBeforeTheWordPlaybackStoppedIn() {
        List<byte[]> frames = new ArrayList<>();
        Playout recorded = new Playout(80, new Playout.Sink() {
            @Override
            public void audio(byte[] frame, long playAtNanos, int tag) {
                frames.add(frame);
            }

            @Override
            public void mark(String name) {
            }
        });
        byte[] word1 = loud(5);
        byte[] gap = new byte[160 * 2];
        java.util.Arrays.fill(gap, (byte) 0xFF);
        recorded.enqueue(word1, null);
        recorded.enqueue(gap, null);
        recorded.enqueue(loud(10), null);
        for (long t = 0; t <= 200_000_000L; t += 20_000_000L) {
            recorded.tick(t, null);
        }
        // Played: frames 0..10 (word 1, the gap, four frames of word 2); sent ahead: 11..14.
        recorded.pause();
        recorded.rewind(210_000_000L);
        recorded.resume();
        frames.clear();
        recorded.tick(210_000_000L, null);
        assertEquals(4, frames.size());
        assertEquals(PlayoutTest.loud(1)[0], frames.get(0)[0], "resumes on the word, not in the gap");
        // The resent audio starts with word 2's first frame: the caller hears the word again from its start.
        recorded.tick(290_000_000L, null);
        recorded.tick(370_000_000L, null);
        assertEquals(10, frames.size(), "word 2 is sent again whole, and nothing else");
    }

    @Test
    void aResumeSkipsTheSilenceTheQueueStartsWithButKeepsItsMarks() {
        List<String> log = new ArrayList<>();
        Playout p = new Playout(80, new Playout.Sink() {
            @Override
            public void audio(byte[] frame, long playAtNanos, int tag) {
                log.add(PhoneAudio.isAudible(frame) ? "sound" : "silence");
            }

            @Override
            public void mark(String name) {
                log.add("mark:" + name);
            }
        });
        byte[] pause = new byte[160 * 15];
        java.util.Arrays.fill(pause, (byte) 0xFF);
        p.enqueue(loud(2), "sentence1");
        p.enqueue(pause, "pause");
        p.enqueue(loud(3), "sentence2");
        p.tick(0, null);
        p.pause();
        p.rewind(40_000_000L);
        log.clear();
        // The caller coughed as sentence 1 ended: what is left starts with 300 ms of silence, not worth waiting out.
        p.resume();
        p.tick(40_000_000L, null);
        // (sentence 1's mark had been sent for audio the line dropped: it goes again.)
        assertEquals(List.of("mark:sentence1#2", "mark:pause#3", "sound", "sound", "sound", "mark:sentence2#4"), log);
    }

    @Test
    void theEchoOfAMarkWhoseAudioWasTakenBackIsStale() {
        List<String> marks = new ArrayList<>();
        Playout p = new Playout(80, new Playout.Sink() {
            @Override
            public void audio(byte[] frame, long playAtNanos, int tag) {
            }

            @Override
            public void mark(String name) {
                marks.add(name);
            }
        });
        p.enqueue(loud(2), "a");
        p.enqueue(loud(2), "b");
        p.tick(0, null);
        assertEquals(List.of("a#1", "b#2"), marks);
        p.pause();
        p.rewind(50_000_000L);
        // "a" followed audio that had played; "b" followed audio taken back.
        assertEquals("a", p.echoed("a#1"));
        assertEquals(null, p.echoed("b#2"));
        p.resume();
        p.tick(50_000_000L, null);
        assertEquals("b#3", marks.get(2));
        assertEquals("b", p.echoed("b#3"));
    }

    /** {@code frames} 20 ms frames of a 440 Hz tone at -12 dBFS. */
    static byte[] loud(int frames) {
        short[] pcm = new short[160 * frames];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
        }
        return dev.parley.audio.MuLaw.encode(pcm);
    }
}
