package dev.parley.e2e.caller;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The phone's loudspeaker as Twilio models it: agent audio and marks queue up in arrival order; every 20 ms tick
 * plays one frame (160 μ-law bytes) of whatever audio is queued, across payload boundaries; a mark is due once all
 * audio queued before it has played; {@code clear} drops every queued byte and makes all pending marks due at once.
 * It is driven by ticks, not by a clock, so its behaviour is deterministic and the caller decides what a tick is.
 * Not thread-safe on its own: the caller serializes access.
 */
public final class PhonePlayback {
    public static final int FRAME_BYTES = 160;

    private final Deque<Object> queue = new ArrayDeque<>();
    /** Read position inside the audio chunk at the head of the queue. */
    private int headOffset;
    private long queuedAudioBytes;

    /** What one tick did: the audio that reached the speaker (per turn) and the marks now due for an echo. */
    public record Tick(List<Played> played, List<String> dueMarks) {
        public int playedBytes() {
            return played.stream().mapToInt(p -> p.audio().length).sum();
        }
    }

    /** Audio of one agent turn that was played during a tick. */
    public record Played(AgentTurn turn, byte[] audio) {
    }

    /** Marks whose echo is owed because a clear dropped the audio in front of them, and how much audio was dropped. */
    public record Cleared(List<String> dueMarks, long droppedBytes) {
    }

    private record Chunk(AgentTurn turn, byte[] audio) {
    }

    private record Mark(String name) {
    }

    public void enqueueAudio(AgentTurn turn, byte[] ulaw) {
        if (ulaw.length == 0) {
            return;
        }
        queue.addLast(new Chunk(turn, ulaw));
        queuedAudioBytes += ulaw.length;
    }

    public void enqueueMark(String name) {
        queue.addLast(new Mark(name));
    }

    public boolean hasQueuedAudio() {
        return queuedAudioBytes > 0;
    }

    public long queuedAudioBytes() {
        return queuedAudioBytes;
    }

    /** Plays up to one frame of queued audio and reports the marks that became due before or after it. */
    public Tick tick() {
        List<String> due = new ArrayList<>();
        List<Played> played = new ArrayList<>();
        // A mark at the head has no audio in front of it: Twilio echoes it without waiting for playback.
        collectDueMarks(due);
        int remaining = FRAME_BYTES;
        while (remaining > 0 && queue.peekFirst() instanceof Chunk) {
            Chunk chunk = (Chunk) queue.peekFirst();
            int take = Math.min(remaining, chunk.audio().length - headOffset);
            byte[] out = new byte[take];
            System.arraycopy(chunk.audio(), headOffset, out, 0, take);
            played.add(new Played(chunk.turn(), out));
            headOffset += take;
            remaining -= take;
            queuedAudioBytes -= take;
            if (headOffset == chunk.audio().length) {
                queue.pollFirst();
                headOffset = 0;
            }
            if (remaining > 0) {
                // The frame continues with the next chunk only if no mark separates them.
                collectDueMarks(due);
            }
        }
        collectDueMarks(due);
        return new Tick(played, due);
    }

    /** Drops all queued audio; every pending mark is due now, in the order it was queued. */
    public Cleared clear() {
        List<String> due = new ArrayList<>();
        for (Object item : queue) {
            if (item instanceof Mark) {
                due.add(((Mark) item).name());
            }
        }
        long dropped = queuedAudioBytes;
        queue.clear();
        headOffset = 0;
        queuedAudioBytes = 0;
        return new Cleared(due, dropped);
    }

    private void collectDueMarks(List<String> due) {
        while (queue.peekFirst() instanceof Mark) {
            due.add(((Mark) queue.pollFirst()).name());
        }
    }
}
