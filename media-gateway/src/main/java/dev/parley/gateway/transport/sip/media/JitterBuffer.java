package dev.parley.gateway.transport.sip.media;

import java.util.Arrays;

/**
 * The receive side of one call's RTP audio: packets in, in any order and size (10, 20, 30 ms of G.711 at 8 kHz, one
 * byte per sample), one 20 ms frame of 160 bytes out each time the pacer calls {@link #poll()}, every 20 ms. The
 * payload is not decoded, so it works for μ-law or A-law given that codec's silence byte.
 *
 * <p>Audio is placed by RTP timestamp, not by arrival, so reordering and any packet size come out right; the sequence
 * number only spots duplicates. The playout point advances one frame per poll whether or not audio came, so a long
 * pause without packets adds no latency. A frame with no audio is concealed: the last frame is repeated once, then
 * silence follows. A packet whose audio was already due is dropped and counted late.
 *
 * <p>Depth is how many frames the playout point stays behind the newest audio expected: a packet arriving on time
 * waits its depth, plus up to one pacer tick. It adapts: it starts at the initial depth; a late packet asks for as much
 * more depth as it was late (up to the maximum), taken at the next frame that is missing anyway by holding the playout
 * point there, so growing adds no extra gap. After {@value #CALM_POLLS} polls (5 s) without a late packet, when every
 * packet of the last {@value #SLACK_WINDOW} arrived at least a frame ahead of its play time, one frame (a quiet one if
 * one comes within another 5 s) is skipped to shrink the depth by 20 ms, not below the minimum. An SSRC change
 * re-syncs the buffer at the current depth, and so does a sender that restarted or froze its clock: a newer packet
 * whose timestamp leapt a second or more and lands beyond the maximum depth, one a second late, or half a second of
 * newer packets all late. A pacer that falls behind and then catches up (fixed-rate scheduling) loses nothing. The defaults were
 * chosen by measurement: see {@code JitterBufferBenchmark} in the tests.
 *
 * <p>Not thread-safe: one call's receive path and pacer must share one lock or one event loop.
 */
public final class JitterBuffer {
    /** Samples, and bytes, in one 20 ms frame at 8 kHz. */
    public static final int FRAME = 160;
    public static final int DEFAULT_MIN_MS = 20;
    public static final int DEFAULT_INITIAL_MS = 40;
    public static final int DEFAULT_MAX_MS = 200;
    static final int CALM_POLLS = 250;
    static final int SLACK_WINDOW = 128;
    private static final int MAX_DEPTH_MS = 1000;
    /** Ring of samples by timestamp: 4 s covers the largest depth plus the re-sync margin. */
    private static final int CAPACITY = 1 << 15;
    private static final int SEQ_WINDOW = 1024;
    /**
     * A packet a second late, or half a second of audio all late, is a sender whose clock stopped, not jitter; a
     * timestamp a second past the newest packet's and beyond the maximum depth is a sender whose clock restarted.
     */
    private static final int RESYNC_LATE_SAMPLES = 8000;
    private static final int RESYNC_AFTER_LATE = 25;

    private final byte silence;
    private final int minFrames;
    private final int initialFrames;
    private final int maxFrames;

    private final byte[] ring = new byte[CAPACITY];
    private final boolean[] filled = new boolean[CAPACITY];
    private final boolean[] seenSeq = new boolean[SEQ_WINDOW];
    private final int[] slacks = new int[SLACK_WINDOW];
    private final byte[] lastFrame = new byte[FRAME];

    private boolean synced;
    private long ssrc;
    /** Extended (unwrapped) timestamp of the next frame to play. */
    private long playTs;
    private long streamStart;
    private long newestTs;
    private long newestEnd;
    private int highestSeq;
    private int targetFrames;
    private int pendingGrowth;
    private int calmPolls;
    private int consecutiveLate;
    private int slackCount;
    private int slackNext;
    private boolean lastWasAudio;

    private long received;
    private long played;
    private long concealed;
    private long late;
    private long duplicates;
    private long resyncs;

    /** A buffer with the default depths, for μ-law ({@code 0xFF}) or A-law ({@code 0xD5}) given its silence byte. */
    public JitterBuffer(byte silence) {
        this(silence, DEFAULT_MIN_MS, DEFAULT_INITIAL_MS, DEFAULT_MAX_MS);
    }

    /** Depths in milliseconds, multiples of 20; equal min and max give a fixed-depth buffer. */
    public JitterBuffer(byte silence, int minDepthMs, int initialDepthMs, int maxDepthMs) {
        for (int ms : new int[]{minDepthMs, initialDepthMs, maxDepthMs}) {
            if (ms < 0 || ms % 20 != 0 || ms > MAX_DEPTH_MS) {
                throw new IllegalArgumentException("jitter buffer depths must be multiples of 20 ms in 0.." + MAX_DEPTH_MS
                        + ", got " + ms);
            }
        }
        if (minDepthMs > initialDepthMs || initialDepthMs > maxDepthMs) {
            throw new IllegalArgumentException("jitter buffer depths need min <= initial <= max, got " + minDepthMs
                    + "/" + initialDepthMs + "/" + maxDepthMs + " ms");
        }
        this.silence = silence;
        this.minFrames = minDepthMs / 20;
        this.initialFrames = initialDepthMs / 20;
        this.maxFrames = maxDepthMs / 20;
        this.targetFrames = initialFrames;
    }

    /** Takes one received audio packet (the caller routes telephone events and comfort noise elsewhere). */
    public void offer(RtpPacket packet) {
        received++;
        byte[] payload = packet.payload();
        if (payload.length == 0) {
            return;
        }
        if (!synced || packet.ssrc() != ssrc) {
            resync(packet);
        }
        long ts = newestTs + RtpPacket.timestampDistance(newestTs, packet.timestamp());
        int seq = highestSeq + RtpPacket.sequenceDistance(highestSeq, packet.sequence());
        boolean newer = seq > highestSeq;
        long slack = ts - playTs;
        if (newer) {
            consecutiveLate = slack < 0 ? consecutiveLate + 1 : 0;
        }
        // Ahead by more than the maximum depth only counts as a jump when the timestamp also leapt from the newest
        // packet's: a pacer that fell behind sees packets pile up ahead of it, and catches up by itself.
        boolean jumpedAhead = slack > (long) (maxFrames + 2) * FRAME && ts - newestTs > RESYNC_LATE_SAMPLES
                || slack > CAPACITY / 2;
        if (newer && (jumpedAhead || slack < -RESYNC_LATE_SAMPLES || consecutiveLate >= RESYNC_AFTER_LATE)) {
            resync(packet);
            ts = packet.timestamp();
            seq = packet.sequence();
            newer = false;
            slack = ts - playTs;
        }
        if (!markSeen(seq, newer)) {
            return;
        }
        if (newer) {
            newestTs = ts;
        }
        recordSlack(slack);
        if (slack < 0) {
            late++;
            calmPolls = 0;
            growBy((int) ((-slack + FRAME - 1) / FRAME));
        }
        for (int i = 0; i < payload.length; i++) {
            long t = ts + i;
            if (t >= playTs) {
                int at = (int) (t & (CAPACITY - 1));
                ring[at] = payload[i];
                filled[at] = true;
            }
        }
        newestEnd = Math.max(newestEnd, ts + payload.length);
    }

    /** The next 20 ms frame, always 160 bytes: audio, a concealment frame, or silence before the stream starts. */
    public byte[] poll() {
        byte[] out = new byte[FRAME];
        if (!synced) {
            Arrays.fill(out, silence);
            return out;
        }
        calmPolls++;
        maybeShrink();
        int have = 0;
        for (int i = 0; i < FRAME; i++) {
            int at = (int) ((playTs + i) & (CAPACITY - 1));
            if (filled[at]) {
                out[i] = ring[at];
                filled[at] = false;
                have++;
            } else {
                out[i] = silence;
            }
        }
        if (have > 0) {
            played++;
            System.arraycopy(out, 0, lastFrame, 0, FRAME);
            lastWasAudio = true;
            playTs += FRAME;
            return out;
        }
        if (playTs + FRAME <= streamStart) {
            playTs += FRAME;
            return out;
        }
        concealed++;
        if (lastWasAudio) {
            System.arraycopy(lastFrame, 0, out, 0, FRAME);
            lastWasAudio = false;
        }
        if (pendingGrowth > 0) {
            // Holding the playout point here turns a gap we conceal anyway into the extra depth late packets asked for.
            pendingGrowth--;
            targetFrames++;
        } else {
            playTs += FRAME;
        }
        return out;
    }

    public JitterStats stats() {
        int buffered = synced ? (int) Math.max(0, newestEnd - playTs) / 8 : 0;
        return new JitterStats(received, played, concealed, late, duplicates, resyncs, targetFrames * 20, buffered);
    }

    private void resync(RtpPacket packet) {
        if (synced) {
            resyncs++;
        }
        synced = true;
        ssrc = packet.ssrc();
        Arrays.fill(filled, false);
        Arrays.fill(seenSeq, false);
        targetFrames = Math.max(minFrames, Math.min(maxFrames, targetFrames));
        pendingGrowth = 0;
        slackCount = 0;
        slackNext = 0;
        calmPolls = 0;
        consecutiveLate = 0;
        newestTs = packet.timestamp();
        newestEnd = newestTs;
        streamStart = newestTs;
        playTs = newestTs - (long) targetFrames * FRAME;
        highestSeq = packet.sequence();
    }

    /** False for a duplicate or a packet too old to tell; marks the sequence number seen otherwise. */
    private boolean markSeen(int seq, boolean newer) {
        if (newer) {
            for (int s = Math.max(highestSeq + 1, seq - SEQ_WINDOW + 1); s <= seq; s++) {
                seenSeq[Math.floorMod(s, SEQ_WINDOW)] = false;
            }
            highestSeq = seq;
        } else if (highestSeq - seq >= SEQ_WINDOW) {
            late++;
            return false;
        }
        int at = Math.floorMod(seq, SEQ_WINDOW);
        if (seenSeq[at]) {
            duplicates++;
            return false;
        }
        seenSeq[at] = true;
        return true;
    }

    private void growBy(int frames) {
        pendingGrowth = Math.max(pendingGrowth, Math.min(frames, maxFrames - targetFrames));
    }

    private void recordSlack(long slack) {
        slacks[slackNext] = (int) Math.max(Integer.MIN_VALUE / 2, Math.min(Integer.MAX_VALUE / 2, slack));
        slackNext = (slackNext + 1) % SLACK_WINDOW;
        slackCount = Math.min(slackCount + 1, SLACK_WINDOW);
    }

    /**
     * Skips one frame when the network has been calm long enough that every recent packet had a frame to spare. The
     * frame skipped is a quiet or missing one if one comes within another calm period, so shrinking rarely cuts speech.
     */
    private void maybeShrink() {
        if (calmPolls < CALM_POLLS || targetFrames <= minFrames || slackCount < SLACK_WINDOW || pendingGrowth > 0) {
            return;
        }
        for (int slack : slacks) {
            if (slack < FRAME) {
                return;
            }
        }
        if (calmPolls < 2 * CALM_POLLS && !quietAt(playTs)) {
            return;
        }
        for (int i = 0; i < FRAME; i++) {
            filled[(int) ((playTs + i) & (CAPACITY - 1))] = false;
        }
        playTs += FRAME;
        targetFrames--;
        calmPolls = 0;
        for (int i = 0; i < SLACK_WINDOW; i++) {
            slacks[i] -= FRAME;
        }
    }

    /**
     * True when the frame at {@code ts} is missing or every sample is in G.711's two lowest segments (below about
     * -36 dBFS). XOR with the codec's silence byte gives the segment and step bits for μ-law and A-law alike.
     */
    private boolean quietAt(long ts) {
        for (int i = 0; i < FRAME; i++) {
            int at = (int) ((ts + i) & (CAPACITY - 1));
            if (filled[at] && ((ring[at] ^ silence) & 0x60) != 0) {
                return false;
            }
        }
        return true;
    }
}
