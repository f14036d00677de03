package dev.parley.gateway.playout;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Outgoing audio of one call, paced in real time: only {@code leadMs} of audio is ever sent ahead of the
 * caller's ear, so a barge-in flush discards everything not yet heard. Marks sit in the queue between frames
 * and are sent when the audio before them has been sent; the phone echoes them once that audio has played.
 * <p>
 * What was sent is remembered until it has played (and a moment longer), so that when the line is told to drop
 * its buffer ({@link #rewind}), the audio the caller never heard goes back to the head of the queue — from the
 * start of the word playback stopped in — to be sent again on {@link #resume}. A mark is sent under a wire name
 * unique to each sending; the echo of a mark whose audio was taken back is stale and {@link #echoed} says so.
 * Not thread-safe: driven from the call's context.
 */
public final class Playout {
    /** 20 ms of G.711 at 8 kHz: the frame size phones send and expect. */
    public static final int FRAME_BYTES = 160;
    public static final int FRAME_MS = 20;
    private static final long FRAME_NANOS = FRAME_MS * 1_000_000L;
    private static final byte ULAW_SILENCE = (byte) 0xFF;
    /** How far back a rewind looks for the gap before the word playback stopped in. */
    private static final int WORD_REWIND_FRAMES = 20;
    private static final long HISTORY_NANOS = WORD_REWIND_FRAMES * FRAME_NANOS;

    /** What leaves the playout, in order. */
    public interface Sink {
        /**
         * {@code playAtNanos}: when the line will play this frame (System.nanoTime() clock); {@code tag}: the one its
         * audio was queued with.
         */
        void audio(byte[] ulawFrame, long playAtNanos, int tag);

        void mark(String wireName);
    }

    private record Item(byte[] frame, String mark, int tag) {
    }

    /** An item sent to the line: when its frame plays, or for a mark when the audio before it has played. */
    private record Sent(Item item, long playAtNanos, String wireName) {
    }

    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private final ArrayDeque<Sent> sent = new ArrayDeque<>();
    private final Set<String> staleMarks = new HashSet<>();
    private final long leadNanos;
    private final Sink sink;
    /** When the line will have played everything sent so far; in the past when it is idle. */
    private long playedUntilNanos = Long.MIN_VALUE;
    private long framesSent;
    private long markSends;
    private boolean paused;

    public Playout(int leadMs, Sink sink) {
        this.leadNanos = leadMs * 1_000_000L;
        this.sink = sink;
    }

    /** Queues μ-law audio (any length; the last frame is padded with silence) followed by a mark. */
    public void enqueue(byte[] ulaw, String markAfter) {
        enqueue(ulaw, markAfter, 0);
    }

    /**
     * Same, with a tag each of its frames is given to the sink with, wherever and however often it is sent (the
     * session numbers agent phrases with it, so a recording knows where each one played).
     */
    public void enqueue(byte[] ulaw, String markAfter, int tag) {
        for (int off = 0; off < ulaw.length; off += FRAME_BYTES) {
            byte[] frame = new byte[FRAME_BYTES];
            int n = Math.min(FRAME_BYTES, ulaw.length - off);
            System.arraycopy(ulaw, off, frame, 0, n);
            if (n < FRAME_BYTES) {
                Arrays.fill(frame, n, FRAME_BYTES, ULAW_SILENCE);
            }
            queue.add(new Item(frame, null, tag));
        }
        if (markAfter != null) {
            queue.add(new Item(null, markAfter, 0));
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
        forgetPlayed(nowNanos);
        int count = 0;
        while (!queue.isEmpty()) {
            Item head = queue.peek();
            if (head.mark() != null) {
                queue.poll();
                String wireName = head.mark() + "#" + ++markSends;
                sent.add(new Sent(head, Math.max(playedUntilNanos, nowNanos), wireName));
                sink.mark(wireName);
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
            sent.add(new Sent(head, playedUntilNanos, null));
            sink.audio(head.frame(), playedUntilNanos, head.tag());
            playedUntilNanos += FRAME_NANOS;
            framesSent++;
            count++;
        }
        return count;
    }

    /**
     * The line dropped the audio it had buffered (a {@code clear}) at {@code nowNanos}. What had not started playing
     * goes back to the head of the queue, and so does the part of the word playback stopped in (back to the last
     * quiet frame within {@value #WORD_REWIND_FRAMES} frames), so a resumed sentence starts on a word.
     */
    public void rewind(long nowNanos) {
        while (!sent.isEmpty() && sent.peekLast().playAtNanos() >= nowNanos) {
            takeBack(sent.pollLast());
        }
        int back = framesBackToWordStart();
        for (int i = 0; i < back; i++) {
            takeBack(sent.pollLast());
        }
        playedUntilNanos = nowNanos;
    }

    /**
     * The logical name of an echoed mark, or null if the echo is stale: its audio was taken back by a rewind
     * (the line echoes pending marks when it drops its buffer) and the mark will be sent again.
     */
    public String echoed(String wireName) {
        if (staleMarks.remove(wireName)) {
            return null;
        }
        int hash = wireName.lastIndexOf('#');
        return hash < 0 ? wireName : wireName.substring(0, hash);
    }

    /** Drops every queued frame and mark (barge-in). Returns the dropped marks' names so they can be settled. */
    public List<String> flush() {
        List<String> marks = new ArrayList<>();
        for (Item item : queue) {
            if (item.mark() != null) {
                marks.add(item.mark());
            }
        }
        queue.clear();
        sent.clear();
        return marks;
    }

    /** Stops sending (the caller may be interrupting); queued audio stays for {@link #resume()}. */
    public void pause() {
        paused = true;
    }

    /**
     * Sends again from where the pause left off, less the silence the queue starts with (a gap between words or
     * sentences): after a false interruption the caller has just had a pause, and hears the agent go on at once.
     */
    public void resume() {
        paused = false;
        skipLeadingSilence();
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

    private void skipLeadingSilence() {
        List<Item> marks = new ArrayList<>();
        while (!queue.isEmpty()) {
            Item head = queue.peekFirst();
            if (head.frame() == null) {
                marks.add(queue.pollFirst());
            } else if (!PhoneAudio.isAudible(head.frame())) {
                queue.pollFirst();
            } else {
                break;
            }
        }
        for (int i = marks.size() - 1; i >= 0; i--) {
            queue.addFirst(marks.get(i));
        }
    }

    private void takeBack(Sent s) {
        queue.addFirst(s.item());
        if (s.wireName() != null) {
            staleMarks.add(s.wireName());
        }
    }

    /** How many of the most recently sent items belong to the word playback stopped in (0 if it stopped in a gap). */
    private int framesBackToWordStart() {
        int items = 0;
        int frames = 0;
        var it = sent.descendingIterator();
        while (it.hasNext() && frames < WORD_REWIND_FRAMES) {
            Sent s = it.next();
            if (s.item().frame() != null) {
                if (PhoneAudio.isQuiet(s.item().frame())) {
                    return items;
                }
                frames++;
            }
            items++;
        }
        // No gap close enough (one long word, or music): resume exactly where it stopped.
        return 0;
    }

    private void forgetPlayed(long nowNanos) {
        while (!sent.isEmpty() && sent.peekFirst().playAtNanos() + FRAME_NANOS + HISTORY_NANOS < nowNanos) {
            sent.pollFirst();
        }
    }
}
