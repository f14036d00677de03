package dev.parley.dialogue.resilience;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Stops sending turns to an engine that keeps failing, so callers go straight to the next brain instead of waiting
 * out a timeout each turn. CLOSED counts consecutive failures; at {@code threshold} it OPENs for {@code openFor};
 * then one trial turn is let through (HALF_OPEN): its success closes the breaker, its failure opens it again.
 *
 * <p>Written here rather than with SmallRye Fault Tolerance's {@code @CircuitBreaker}: the guarded thing is a
 * streaming turn whose outcome is known only when the stream ends (or is cancelled by a barge-in, which is neither
 * success nor failure), there is one breaker per tenant engine built from tenant files rather than per CDI method,
 * and the clock must be injectable so tests never sleep.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final long openForNanos;
    private final LongSupplier clock;

    private State state = State.CLOSED;
    private int failures;
    private long openedAt;
    private boolean trialRunning;

    public CircuitBreaker(int threshold, Duration openFor, LongSupplier nanoClock) {
        if (threshold < 1) {
            throw new IllegalArgumentException("circuit breaker threshold must be >= 1");
        }
        this.threshold = threshold;
        this.openForNanos = openFor.toNanos();
        this.clock = nanoClock;
    }

    public CircuitBreaker(int threshold, Duration openFor) {
        this(threshold, openFor, System::nanoTime);
    }

    /** Whether a turn may go to the engine now; a true answer must be followed by one of the three outcomes. */
    public synchronized boolean tryAcquire() {
        if (state == State.OPEN && clock.getAsLong() - openedAt >= openForNanos) {
            state = State.HALF_OPEN;
            trialRunning = false;
        }
        if (state == State.CLOSED) {
            return true;
        }
        if (state == State.HALF_OPEN && !trialRunning) {
            trialRunning = true;
            return true;
        }
        return false;
    }

    public synchronized void onSuccess() {
        state = State.CLOSED;
        failures = 0;
        trialRunning = false;
    }

    public synchronized void onFailure() {
        failures++;
        if (state == State.HALF_OPEN || failures >= threshold) {
            state = State.OPEN;
            openedAt = clock.getAsLong();
            trialRunning = false;
        }
    }

    /** The turn ended without a verdict (barge-in): a half-open breaker lets the next turn try instead. */
    public synchronized void onCancel() {
        trialRunning = false;
    }

    public synchronized State state() {
        return state;
    }
}
