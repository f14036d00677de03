package dev.parley.gateway.failover;

import io.grpc.Status;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One call's failed live-path streams and how they come back. A stream that fails is reopened at once — round robin
 * sends the new stream to another instance — and then again with a growing pause while instances restart; the
 * caller hears the held apology if an outage lasts longer than {@link #APOLOGY_AFTER_MS}, and the call is given up
 * only when a stage stays down for the whole window. Runs on the call's context, like everything of a call.
 */
public final class Outages {
    /** A stage down this long leaves the caller waiting for an answer: say sorry. */
    public static final long APOLOGY_AFTER_MS = 700;
    private static final long[] RETRY_MS = {0, 100, 250, 500, 1_000};
    /** How long a new stream must stand before its stage counts as back. */
    static final long STANDING_MS = 150;

    /** What the session does about outages. */
    public interface Listener {
        /** {@code stage} failed ({@code recovered} false) or is back (true), after {@code downMs}. */
        void outage(String stage, String outcome, long downMs, String error);

        /** Something has been down for {@link #APOLOGY_AFTER_MS}: once per outage. */
        void apologyDue();

        /** {@code stage} stayed down for the whole window: the call cannot go on. */
        void lost(String stage, Throwable error);
    }

    /** The clock and timers of the call's context. */
    public interface Timers {
        long nowMs();

        void after(long millis, Runnable task);
    }

    private static final class Outage {
        final long sinceMs;
        int attempts;

        Outage(long sinceMs) {
            this.sinceMs = sinceMs;
        }
    }

    private final Map<String, Outage> down = new HashMap<>();
    private final Listener listener;
    private final Timers timers;
    private final long windowMs;
    private final Predicate<Status> retriable;
    private boolean apologized;
    private boolean closed;

    /** @param retriable whether a new stream may mend a failure with this status */
    public Outages(Listener listener, Timers timers, long windowMs, Predicate<Status> retriable) {
        this.listener = listener;
        this.timers = timers;
        this.windowMs = windowMs;
        this.retriable = retriable;
    }

    /** The statuses of an instance that died, hung, drained or was full: another stream may well work. */
    public static boolean transientFailure(Status status) {
        return switch (status.getCode()) {
            case UNAVAILABLE, CANCELLED, DEADLINE_EXCEEDED, INTERNAL, UNKNOWN, ABORTED, RESOURCE_EXHAUSTED -> true;
            default -> false;
        };
    }

    /** A deadline for a stream's answers on this call's timers. */
    public AnswerDeadline deadline(long millis, Runnable expired) {
        return new AnswerDeadline(timers, millis, expired);
    }

    /** The call's clock. */
    public long nowMs() {
        return timers.nowMs();
    }

    public boolean anyDown() {
        return !down.isEmpty();
    }

    /**
     * {@code stage}'s stream failed; {@code reopen} opens a new one (it reports again if that fails too), and
     * {@code cannotMend} hears of a failure no new stream would mend (a refused request, a full instance at the start).
     */
    public void failed(String stage, Throwable error, Runnable reopen, Consumer<Throwable> cannotMend) {
        if (closed) {
            return;
        }
        Status status = Status.fromThrowable(error);
        Outage outage = down.get(stage);
        long now = timers.nowMs();
        if (!retriable.test(status)) {
            if (outage != null) {
                down.remove(stage);
                listener.outage(stage, "lost", now - outage.sinceMs, describe(status));
            }
            cannotMend.accept(error);
            return;
        }
        if (outage == null) {
            Outage started = new Outage(now);
            outage = started;
            down.put(stage, started);
            listener.outage(stage, "failed", 0, describe(status));
            timers.after(APOLOGY_AFTER_MS, this::apologizeIfStillDown);
            // A new stream that neither fails nor answers (an instance that hangs) must not hold the call forever.
            timers.after(windowMs, () -> {
                if (down.get(stage) == started) {
                    giveUp(stage, started, error);
                }
            });
        } else if (now - outage.sinceMs >= windowMs) {
            giveUp(stage, outage, error);
            return;
        }
        long pause = RETRY_MS[Math.min(outage.attempts, RETRY_MS.length - 1)];
        outage.attempts++;
        timers.after(pause, () -> {
            if (!closed) {
                reopen.run();
            }
        });
    }

    /**
     * A new stream of {@code stage} was taken by an instance: {@code stage} is back once it has stood for
     * {@link #STANDING_MS} (a draining or full instance takes a stream and refuses it at once).
     */
    public void opened(String stage, BooleanSupplier stillOpen) {
        if (down.containsKey(stage)) {
            timers.after(STANDING_MS, () -> {
                if (stillOpen.getAsBoolean()) {
                    recovered(stage);
                }
            });
        }
    }

    /** {@code stage} answers again (a new stream is up). */
    public void recovered(String stage) {
        Outage outage = down.remove(stage);
        if (outage != null && !closed) {
            listener.outage(stage, "recovered", timers.nowMs() - outage.sinceMs, "");
            if (down.isEmpty()) {
                apologized = false;
            }
        }
    }

    public void close() {
        closed = true;
    }

    private void giveUp(String stage, Outage outage, Throwable error) {
        if (closed) {
            return;
        }
        down.remove(stage);
        listener.outage(stage, "lost", timers.nowMs() - outage.sinceMs, describe(Status.fromThrowable(error)));
        listener.lost(stage, error);
    }

    private void apologizeIfStillDown() {
        if (!closed && !down.isEmpty() && !apologized) {
            apologized = true;
            listener.apologyDue();
        }
    }

    private static String describe(Status status) {
        return status.getDescription() == null ? status.getCode().toString()
                : status.getCode() + ": " + status.getDescription();
    }
}
