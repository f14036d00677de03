package dev.parley.gateway.transport.sip.media;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.parley.gateway.transport.sip.media.Frames.SILENCE;
import static dev.parley.gateway.transport.sip.media.Frames.id;
import static dev.parley.gateway.transport.sip.media.Frames.packet;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Simulated time: one tick is 20 ms, packets offered in a tick arrive before that tick's poll. */
class JitterBufferTest {
    private static final long SSRC = 0x1234ABCDL;

    private final JitterBuffer buffer = new JitterBuffer(SILENCE, 20, 40, 200);

    @Test
    void inOrderStreamPlaysEveryFrameAfterTheInitialDepth() {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < 50; k++) {
            buffer.offer(packet(SSRC, 100 + k, 8000 + 160L * k, k));
            out.add(id(buffer.poll()));
        }
        assertEquals(List.of(-1, -1, 0, 1, 2), out.subList(0, 5), "two frames of initial depth, then the stream");
        assertEquals(47, out.get(49));
        JitterStats stats = buffer.stats();
        assertEquals(50, stats.received());
        assertEquals(48, stats.played());
        assertEquals(0, stats.concealed(), "silence before the stream's first frame is not concealment");
        assertEquals(0, stats.late());
        assertEquals(40, stats.depthMs());
    }

    @Test
    void everyPollIsOneFrameOfSilenceBeforeAnyPacket() {
        byte[] frame = buffer.poll();
        assertEquals(JitterBuffer.FRAME, frame.length);
        byte[] silence = new byte[JitterBuffer.FRAME];
        Arrays.fill(silence, SILENCE);
        assertArrayEquals(silence, frame);
        assertEquals(0, buffer.stats().concealed());
    }

    @Test
    void reorderedPacketsWithinTheDepthPlayInOrder() {
        int[] order = {0, 2, 1, 3, 5, 4, 6, 8, 7, 9, 10, 11};
        List<Integer> out = new ArrayList<>();
        for (int id : order) {
            buffer.offer(packet(SSRC, id, 160L * id, id));
            out.add(id(buffer.poll()));
        }
        assertEquals(List.of(-1, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9), out);
        assertEquals(0, buffer.stats().late());
        assertEquals(0, buffer.stats().concealed());
    }

    @Test
    void duplicatesAreCountedAndPlayedOnce() {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            buffer.offer(packet(SSRC, k, 160L * k, k));
            buffer.offer(packet(SSRC, k, 160L * k, k));
            if (k > 0) {
                buffer.offer(packet(SSRC, k - 1, 160L * (k - 1), k - 1));
            }
            out.add(id(buffer.poll()));
        }
        assertEquals(39, buffer.stats().duplicates());
        for (int k = 2; k < 20; k++) {
            assertEquals(k - 2, out.get(k));
        }
        assertEquals(0, buffer.stats().late(), "a copy of a frame already played is a duplicate, not late");
    }

    @Test
    void lossRepeatsTheLastFrameOnceThenPlaysSilence() {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < 14; k++) {
            if (k < 5 || k > 7) {
                buffer.offer(packet(SSRC, k, 160L * k, k));
            }
            out.add(id(buffer.poll()));
        }
        assertEquals(List.of(-1, -1, 0, 1, 2, 3, 4, 4, -1, -1, 8, 9, 10, 11), out);
        assertEquals(3, buffer.stats().concealed());
        assertEquals(0, buffer.stats().late());
    }

    @Test
    void aLatePacketIsDroppedCountedAndTheNextGapBuysDepth() {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
            // Frames 10 and 20 arrive 60 ms late: 20 ms more than the 40 ms the buffer holds.
            if (k != 10 && k != 13 && k != 20 && k != 23) {
                buffer.offer(packet(SSRC, k, 160L * k, k));
            }
            if (k == 13 || k == 23) {
                buffer.offer(packet(SSRC, k - 3, 160L * (k - 3), k - 3));
                buffer.offer(packet(SSRC, k, 160L * k, k));
            }
            out.add(id(buffer.poll()));
        }
        assertEquals(1, buffer.stats().late(), "the first spike is late, the second finds the buffer grown");
        assertFalse(out.contains(10), "frame 10 came after its play time and is never played");
        assertTrue(out.contains(20), "frame 20 is played: the buffer held its gap until it came");
        assertTrue(buffer.stats().depthMs() > 40, "depth " + buffer.stats().depthMs());
        assertInOrder(out);
    }

    @Test
    void depthGrowsUnderJitterUpToTheMaximumAndShrinksSlowlyWhenCalm() {
        JitterBuffer adaptive = new JitterBuffer(SILENCE, 20, 40, 120);
        int k = 0;
        // Every fifth packet is 200 ms late: more than the maximum can absorb, so depth stops at 120 ms.
        List<RtpPacket> held = new ArrayList<>();
        for (; k < 500; k++) {
            RtpPacket p = packet(SSRC, k, 160L * k, k);
            if (k % 5 == 0 && k < 490) {
                held.add(p);
            } else {
                adaptive.offer(p);
            }
            if (!held.isEmpty() && held.get(0).sequence() == k - 10) {
                adaptive.offer(held.remove(0));
            }
            adaptive.poll();
        }
        assertEquals(120, adaptive.stats().depthMs());
        long lateWhenGrown = adaptive.stats().late();
        assertTrue(lateWhenGrown > 10, "late " + lateWhenGrown);
        for (; k < 500 + JitterBuffer.CALM_POLLS - 10; k++) {
            adaptive.offer(packet(SSRC, k, 160L * k, k));
            adaptive.poll();
        }
        assertEquals(120, adaptive.stats().depthMs(), "no shrinking in the first 5 calm seconds");
        for (; k < 500 + 60 * 50; k++) {
            adaptive.offer(packet(SSRC, k, 160L * k, k));
            adaptive.poll();
        }
        assertEquals(20, adaptive.stats().depthMs(), "a minute of calm brings the depth down to the minimum");
        assertEquals(lateWhenGrown, adaptive.stats().late(), "shrinking made no packet late");
    }

    @Test
    void shrinkingSkipsAQuietFrameRatherThanSpeech() {
        JitterBuffer adaptive = new JitterBuffer(SILENCE, 20, 60, 200);
        List<Integer> out = new ArrayList<>();
        int k = 0;
        for (; k < JitterBuffer.CALM_POLLS + 100; k++) {
            byte[] payload = k == 300 ? quiet() : Frames.frame(k);
            adaptive.offer(new RtpPacket(0, false, k, 160L * k, SSRC, payload));
            out.add(id(adaptive.poll()));
        }
        assertEquals(40, adaptive.stats().depthMs());
        List<Integer> speech = out.stream().filter(id -> id >= 0).toList();
        for (int i = 0; i < speech.size(); i++) {
            int expected = i < 300 ? i : i + 1;
            assertEquals(expected, speech.get(i), "every speech frame played, only the quiet frame 300 skipped");
        }
    }

    @Test
    void sequenceAndTimestampWrapAroundWithoutAGlitch() {
        List<Integer> out = new ArrayList<>();
        long ts0 = 0xFFFFFFFFL - 160L * 10 + 1;
        for (int k = 0; k < 40; k++) {
            buffer.offer(packet(SSRC, 65520 + k, ts0 + 160L * k, k));
            out.add(id(buffer.poll()));
        }
        for (int k = 2; k < 40; k++) {
            assertEquals(k - 2, out.get(k));
        }
        JitterStats stats = buffer.stats();
        assertEquals(0, stats.resyncs());
        assertEquals(0, stats.late());
        assertEquals(0, stats.concealed());
    }

    @Test
    void aNewSsrcOrATimestampJumpResyncsAtTheCurrentDepth() {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            buffer.offer(packet(SSRC, k, 160L * k, k));
            out.add(id(buffer.poll()));
        }
        for (int k = 20; k < 40; k++) {
            buffer.offer(packet(0x99L, 5000 + k, 3_000_000L + 160L * k, k));
            out.add(id(buffer.poll()));
        }
        for (int k = 40; k < 60; k++) {
            buffer.offer(packet(0x99L, 5000 + k, 3_000_000L + 8000L * 600 + 160L * k, k));
            out.add(id(buffer.poll()));
        }
        assertEquals(2, buffer.stats().resyncs());
        assertEquals(0, buffer.stats().late());
        assertEquals(List.of(57), out.subList(59, 60), "after each re-sync the delay is again two frames");
        assertInOrder(out);
    }

    @Test
    void aPacerThatFallsBehindAndCatchesUpLosesNothing() {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            buffer.offer(packet(SSRC, k, 160L * k, k));
            out.add(id(buffer.poll()));
        }
        // A 400 ms stall of the pacer (a GC pause), then its missed ticks in a burst, as fixed-rate scheduling does.
        for (int k = 10; k < 30; k++) {
            buffer.offer(packet(SSRC, k, 160L * k, k));
        }
        for (int k = 30; k < 60; k++) {
            buffer.offer(packet(SSRC, k, 160L * k, k));
            out.add(id(buffer.poll()));
            if (k < 50) {
                out.add(id(buffer.poll()));
            }
        }
        assertEquals(0, buffer.stats().resyncs());
        assertEquals(0, buffer.stats().late());
        List<Integer> played = out.stream().filter(id -> id >= 0).toList();
        assertEquals(java.util.stream.IntStream.range(0, 58).boxed().toList(), played);
    }

    @Test
    void aLongPauseWithoutPacketsAddsNoLatency() {
        int[] delays = {-1, -1};
        int tick = 0;
        long ts = 0;
        int seq = 0;
        for (int phase = 0; phase < 2; phase++) {
            int offeredAt = tick;
            int firstId = phase * 1000;
            for (int k = 0; k < 30; k++, tick++, ts += 160, seq++) {
                buffer.offer(packet(SSRC, seq, ts, firstId + k));
                if (id(buffer.poll()) == firstId) {
                    delays[phase] = tick - offeredAt;
                }
            }
            // 10 s of silence suppression: no packets, while the sender's clock runs on.
            for (int s = 0; s < 500; s++, tick++, ts += 160) {
                buffer.poll();
            }
        }
        assertEquals(2, delays[0]);
        assertEquals(delays[0], delays[1], "the first frame after the pause waits as long as the first of the call");
        assertEquals(0, buffer.stats().late());
        assertEquals(0, buffer.stats().resyncs());
    }

    @Test
    void aSenderThatFreezesItsClockDuringAPauseIsResyncedNotDropped() {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            buffer.offer(packet(SSRC, k, 160L * k, k));
            out.add(id(buffer.poll()));
        }
        for (int s = 0; s < 100; s++) {
            out.add(id(buffer.poll()));
        }
        for (int k = 20; k < 40; k++) {
            buffer.offer(packet(SSRC, k, 160L * k, k));
            out.add(id(buffer.poll()));
        }
        assertEquals(1, buffer.stats().resyncs());
        assertEquals(0, buffer.stats().late());
        assertEquals(37, out.get(out.size() - 1));
    }

    @Test
    void aShortFrozenClockPauseBeyondTheMaximumDepthEndsInAResyncNotEndlessLatePackets() {
        JitterBuffer b = new JitterBuffer(SILENCE, 20, 40, 100);
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            b.offer(packet(SSRC, k, 160L * k, k));
            out.add(id(b.poll()));
        }
        for (int s = 0; s < 15; s++) {
            out.add(id(b.poll()));
        }
        for (int k = 20; k < 100; k++) {
            b.offer(packet(SSRC, k, 160L * k, k));
            out.add(id(b.poll()));
        }
        assertEquals(1, b.stats().resyncs());
        assertTrue(b.stats().late() <= 25, "late " + b.stats().late());
        assertTrue(out.subList(out.size() - 40, out.size()).stream().allMatch(id -> id >= 0), "playing again: " + out);
        assertInOrder(out);
    }

    @Test
    void tenAndThirtyMillisecondPacketsAreRechunkedIntoTwentyMillisecondFrames() {
        for (int packetMs : new int[]{10, 30}) {
            JitterBuffer b = new JitterBuffer(SILENCE, 20, 40, 200);
            int samples = packetMs * 8;
            byte[] stream = new byte[160 * 60];
            for (int i = 0; i < stream.length; i++) {
                stream[i] = (byte) (i % 97);
            }
            ByteArrayCollector played = new ByteArrayCollector();
            int sent = 0;
            for (int ms = 0; ms < 60 * 20 + 100; ms += 10) {
                while (sent * samples < stream.length && sent * packetMs <= ms) {
                    b.offer(new RtpPacket(8, false, sent, (long) sent * samples, SSRC,
                            Arrays.copyOfRange(stream, sent * samples, (sent + 1) * samples)));
                    sent++;
                }
                if (ms % 20 == 0) {
                    played.add(b.poll());
                }
            }
            byte[] all = played.bytes();
            int start = 0;
            while (all[start] == SILENCE) {
                start++;
            }
            assertEquals(0, start % 160, packetMs + " ms: the stream starts on a frame boundary");
            assertArrayEquals(stream, Arrays.copyOfRange(all, start, start + stream.length), packetMs + " ms packets");
            assertEquals(0, b.stats().late(), packetMs + " ms packets");
        }
    }

    @Test
    void depthsMustBeOrderedMultiplesOfTwentyMilliseconds() {
        assertThrows(IllegalArgumentException.class, () -> new JitterBuffer(SILENCE, 20, 50, 200));
        assertThrows(IllegalArgumentException.class, () -> new JitterBuffer(SILENCE, 60, 40, 200));
        assertThrows(IllegalArgumentException.class, () -> new JitterBuffer(SILENCE, 20, 40, 20));
        assertThrows(IllegalArgumentException.class, () -> new JitterBuffer(SILENCE, -20, 40, 200));
        assertThrows(IllegalArgumentException.class, () -> new JitterBuffer(SILENCE, 20, 40, 2000));
    }

    private static byte[] quiet() {
        byte[] f = new byte[JitterBuffer.FRAME];
        Arrays.fill(f, (byte) 0xF0);
        return f;
    }

    /** Frame ids played, ignoring silence and the one repeat of concealment, must only go up. */
    private static void assertInOrder(List<Integer> out) {
        int last = -1;
        for (int id : out) {
            if (id >= 0 && id != last) {
                assertTrue(id > last, "frame " + id + " played after " + last + ": " + out);
                last = id;
            }
        }
    }

    private static final class ByteArrayCollector {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        void add(byte[] frame) {
            out.writeBytes(frame);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
