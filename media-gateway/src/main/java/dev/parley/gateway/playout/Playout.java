package dev.parley.gateway.playout;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Outgoing audio of one call, paced in real time: only {@code leadMs} of audio is ever sent ahead of the
 * caller's ear, so a barge-in flush discards everything not yet heard. Marks sit in the queue between frames
 * and are sent when the audio before them has been sent; the phone echoes them once that audio has played.
 * Not thread-safe: driven from the call's context.
 */
public final class Playout {
    /** 20 ms of G.711 at 8 kHz: the frame size phones send and expect. */
    public static final int FRAME_BYTES = 160;
    public static final int FRAME_MS = 20;
    private static final byte ULAW_SILENCE = (byte) 0xFF;

    /** What leaves the playout, in order. */
    public interface Sink {
        /** {@code playAtNanos}: when the line will play this frame (System.nanoTime() clock). */
        void audio(byte[] ulawFrame, long playAtNanos);

        void mark(String name);
    }

    private record Item(byte[] frame, String mark) {
    }

    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private final long leadNanos;
    private final Sink sink;
    /** When the line will have played everything sent so far; in the past when it is idle. */
    private long playedUntilNanos = Long.MIN_VALUE;
    private long framesSent;
    private boolean paused;

    public Playout(int leadMs, Sink sink) {
        this.leadNanos = leadMs * 1_000_000L;
        this.sink = sink;
    }

    /** Queues μ-law audio (any length; the last frame is padded with silence) followed by a mark. */
    public void enqueue(byte[] ulaw, String markAfter) {
        for (int off = 0; off < ulaw.length; off += FRAME_BYTES) {
            byte[] frame = new byte[FRAME_BYTES];
            int n = Math.min(FRAME_BYTES, ulaw.length - off);
            System.arraycopy(ulaw, off, frame, 0, n);
            if (n < FRAME_BYTES) {
                java.util.Arrays.fill(frame, n, FRAME_BYTES, ULAW_SILENCE);
            }
            queue.add(new Item(frame, null));
        }
        if (markAfter != null) {
            queue.add(new Item(null, markAfter));
        }
    }

    /**
     * Sends whatever is due at {@code nowNanos}: audio until the line holds {@code leadMs} not yet played, and
     * marks as they come. {@code onLineStarts} is told when a frame goes to a line that had gone quiet.
     * Returns the number of audio frames sent.
     */
    public int tick(long nowNanos, Consumer<Long> onLineStarts) {
        if (paused) {
            return 0;
        }
        int sent = 0;
        while (!queue.isEmpty()) {
            Item head = queue.peek();
            if (head.mark() != null) {
                queue.poll();
                sink.mark(head.mark());
                continue;
            }
            boolean idle = playedUntilNanos <= nowNanos;
            if (idle) {
                playedUntilNanos = nowNanos;
            } else if (playedUntilNanos - nowNanos >= leadNanos) {
                break;
            }
            queue.poll();
            if (idle && onLineStarts != null) {
                onLineStarts.accept(nowNanos);
            }
            sink.audio(head.frame(), playedUntilNanos);
            playedUntilNanos += FRAME_MS * 1_000_000L;
            framesSent++;
            sent++;
        }
        return sent;
    }

    /** Drops every queued frame and mark (barge-in). Returns the dropped marks' names so they can be settled. */
    public java.util.List<String> flush() {
        java.util.List<String> marks = new java.util.ArrayList<>();
        for (Item item : queue) {
            if (item.mark() != null) {
                marks.add(item.mark());
            }
        }
        queue.clear();
        return marks;
    }

    /** Stops sending (the caller may be interrupting); queued audio stays for {@link #resume()}. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    public boolean paused() {
        return paused;
    }

    public boolean idle() {
        return queue.isEmpty();
    }

    public long framesSent() {
        return framesSent;
    }
}
