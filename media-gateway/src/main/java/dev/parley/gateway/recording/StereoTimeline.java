package dev.parley.gateway.recording;

import java.util.Arrays;

/**
 * One call's two tracks on one timeline of 8 kHz stereo frames counted from the call's start: the caller's audio where
 * it arrived, the agent's where it is due to play at the caller's ear. Agent audio is kept a while before it is final,
 * because a line told to drop its buffer ({@link #cleared}) takes back what had not played yet; what was cleared
 * stays silence. Pure bookkeeping (no I/O, no clock of its own); used from the call's context only.
 */
final class StereoTimeline {
    static final int RATE = RecordingStore.SAMPLE_RATE;
    /** Caller audio that arrives this much later than its place in the stream (a gap, a stall) is moved up to it. */
    static final int RESYNC_FRAMES = RATE / 5;
    /** How far behind now the timeline is final: late caller audio still fits, clears only touch what is after now. */
    static final int HOLDBACK_FRAMES = RESYNC_FRAMES + RATE / 10;
    /** The smallest piece handed to the writer while the call runs. */
    static final int BLOCK_FRAMES = RATE / 10;

    /** Final audio ready to be written: interleaved caller/agent samples from stereo frame {@code frame}. */
    record Block(long frame, short[] stereo) {
    }

    private final long startNanos;
    /** The first frame not handed out yet; the buffers hold frames from here. */
    private long base;
    private short[] caller = new short[RATE];
    private short[] agent = new short[RATE];
    private long callerCursor;
    private long agentEnd;

    StereoTimeline(long startNanos) {
        this.startNanos = startNanos;
    }

    /** The stereo frame playing at {@code nanos} (System.nanoTime() clock). */
    long frameAt(long nanos) {
        return Math.max(0, (nanos - startNanos) * RATE / 1_000_000_000L);
    }

    /**
     * Caller audio (8 kHz) that arrived at {@code atNanos}. It follows the previous piece without a gap, so network
     * jitter does not chop it, unless it arrived so much later that the stream must have paused. Returns the frame
     * it was placed at.
     */
    long caller(short[] pcm, long atNanos) {
        long arrivedAt = frameAt(atNanos) - pcm.length;
        if (callerCursor < arrivedAt - RESYNC_FRAMES) {
            callerCursor = arrivedAt;
        }
        callerCursor = Math.max(callerCursor, base);
        long placedAt = callerCursor;
        put(true, placedAt, pcm);
        callerCursor += pcm.length;
        return placedAt;
    }

    /** Agent audio (8 kHz) the line will play from {@code playAtNanos}; returns its frame, -1 if too late to place. */
    long agent(short[] pcm, long playAtNanos) {
        long at = frameAt(playAtNanos);
        if (at < base) {
            return -1;
        }
        put(false, at, pcm);
        agentEnd = Math.max(agentEnd, at + pcm.length);
        return at;
    }

    /** The line dropped what it had not played at {@code atNanos}: the caller never heard the agent audio after it. */
    void cleared(long atNanos) {
        long from = Math.max(frameAt(atNanos), base);
        if (from < agentEnd) {
            Arrays.fill(agent, (int) (from - base), (int) (agentEnd - base), (short) 0);
            agentEnd = from;
        }
    }

    /** What is final at {@code nowNanos}, if a block's worth; else null. */
    Block ready(long nowNanos) {
        long horizon = frameAt(nowNanos) - HOLDBACK_FRAMES;
        return horizon - base >= BLOCK_FRAMES ? take(horizon) : null;
    }

    /** The call ended at {@code endNanos}: the rest, without agent audio that was due after it. */
    Block end(long endNanos) {
        cleared(endNanos);
        return take(Math.max(frameAt(endNanos), callerCursor));
    }

    /** Stereo frames handed out so far: after {@link #end}, the recording's length. */
    long frames() {
        return base;
    }

    private Block take(long until) {
        int n = (int) Math.max(0, until - base);
        ensure(n);
        short[] stereo = new short[n * 2];
        for (int i = 0; i < n; i++) {
            stereo[2 * i] = caller[i];
            stereo[2 * i + 1] = agent[i];
        }
        caller = shift(caller, n);
        agent = shift(agent, n);
        Block block = new Block(base, stereo);
        base += n;
        return block;
    }

    private void put(boolean callerTrack, long at, short[] pcm) {
        int off = (int) (at - base);
        ensure(off + pcm.length);
        System.arraycopy(pcm, 0, callerTrack ? caller : agent, off, pcm.length);
    }

    private void ensure(int length) {
        if (length > caller.length) {
            int size = Math.max(length, caller.length * 2);
            caller = Arrays.copyOf(caller, size);
            agent = Arrays.copyOf(agent, size);
        }
    }

    private static short[] shift(short[] track, int n) {
        short[] out = new short[track.length];
        System.arraycopy(track, n, out, 0, track.length - n);
        return out;
    }
}
