package dev.parley.gateway.failover;

/**
 * A request of a live-path stream that must be answered in time. An instance that stops answering without closing its
 * connection (a frozen process, a partitioned node) would otherwise hold the call until keepalives notice it; when
 * the deadline passes, {@code expired} cancels the stream, which then fails over like one to a dead instance.
 */
public final class AnswerDeadline {
    private final Outages.Timers timers;
    private final long millis;
    private final Runnable expired;
    private long generation;
    private boolean awaiting;

    AnswerDeadline(Outages.Timers timers, long millis, Runnable expired) {
        this.timers = timers;
        this.millis = millis;
        this.expired = expired;
    }

    /** An answer is due from now on (unless one was due already: the older request sets the deadline). */
    public void expect() {
        if (awaiting) {
            return;
        }
        awaiting = true;
        long mine = ++generation;
        timers.after(millis, () -> {
            if (awaiting && generation == mine) {
                awaiting = false;
                expired.run();
            }
        });
    }

    /** The stream answered: nothing is due. */
    public void answered() {
        awaiting = false;
        generation++;
    }

    /** The stream answered and another answer is due (audio still to come): the deadline starts again. */
    public void answeredMoreDue() {
        answered();
        expect();
    }
}
