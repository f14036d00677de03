package dev.parley.e2e.caller;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The network between the gateway and the phone: each message reaches the phone a random 0..{@code maxJitterMs}
 * after it left, uniformly, but never before the message sent ahead of it (one TCP stream keeps order), so a late
 * packet holds up the ones behind it. Messages sent together (within {@link #BURST_NANOS}) travel together, as one
 * TCP segment would. Messages are handed over when the phone's clock asks for what is due.
 * Thread-safe: the socket thread adds, the clock thread takes.
 */
public final class JitteredArrival<T> {
    private record Pending<T>(long dueNanos, T message) {
    }

    static final long BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final long maxJitterNanos;
    /** SplittableRandom: its first draws differ even for neighbouring seeds, unlike java.util.Random's. */
    private final SplittableRandom random;
    private final ArrayDeque<Pending<T>> line = new ArrayDeque<>();
    private long lastDueNanos = Long.MIN_VALUE;
    private long lastSentNanos = Long.MIN_VALUE;

    public JitteredArrival(int maxJitterMs, long seed) {
        this.maxJitterNanos = TimeUnit.MILLISECONDS.toNanos(maxJitterMs);
        this.random = new SplittableRandom(seed);
    }

    public boolean isImmediate() {
        return maxJitterNanos == 0;
    }

    /** A message that left the gateway at {@code sentNanos}; returns when it will reach the phone. */
    public synchronized long add(T message, long sentNanos) {
        long due;
        if (lastSentNanos != Long.MIN_VALUE && sentNanos - lastSentNanos < BURST_NANOS) {
            due = Math.max(lastDueNanos, sentNanos);
        } else {
            long delay = maxJitterNanos == 0 ? 0 : (long) (random.nextDouble() * maxJitterNanos);
            due = Math.max(sentNanos + delay, lastDueNanos);
        }
        lastDueNanos = due;
        lastSentNanos = sentNanos;
        line.addLast(new Pending<>(due, message));
        return due;
    }

    /** The messages that have reached the phone by {@code nowNanos}, in the order they were sent. */
    public synchronized List<T> arrived(long nowNanos) {
        List<T> out = new ArrayList<>();
        while (!line.isEmpty() && line.peekFirst().dueNanos() <= nowNanos) {
            out.add(line.pollFirst().message());
        }
        return out;
    }
}
