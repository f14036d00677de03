package dev.parley.gateway.failover;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Outages as a test sees them: what happened, in order, with timers on a call context of the test's choosing. */
public final class TestOutages implements Outages.Listener {
    public final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-outage-timer");
        t.setDaemon(true);
        return t;
    });

    /** Outages whose timers run their tasks on {@code context}, like a call's. */
    public static Outages on(Executor context, long windowMs, TestOutages listener) {
        long started = System.nanoTime();
        return new Outages(listener, new Outages.Timers() {
            @Override
            public long nowMs() {
                return (System.nanoTime() - started) / 1_000_000;
            }

            @Override
            public void after(long millis, Runnable task) {
                TIMER.schedule(() -> context.execute(task), millis, TimeUnit.MILLISECONDS);
            }
        }, windowMs, Outages::transientFailure);
    }

    /** For tests whose streams do not fail: any outage report fails the test's expectations via the log. */
    public static Outages unused() {
        return on(Runnable::run, 1_000, new TestOutages());
    }

    /** The log once it holds {@code size} entries (a recovery counts once the new stream has stood a moment). */
    public List<String> awaitLog(int size) throws InterruptedException {
        long until = System.nanoTime() + 2_000_000_000L;
        while (log.size() < size && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        return List.copyOf(log);
    }

    @Override
    public void outage(String stage, String outcome, long downMs, String error) {
        log.add(stage + " " + outcome);
    }

    @Override
    public void apologyDue() {
        log.add("apology");
    }

    @Override
    public void lost(String stage, Throwable error) {
        log.add(stage + " lost for good");
    }
}
