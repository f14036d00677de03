package dev.parley.gateway.failover;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** When a failed stage is retried, when the caller hears the apology, and when the call is given up. */
class OutagesTest {
    /** A clock the test moves, and the timers due on it. */
    static final class Clock implements Outages.Timers {
        record Due(long at, Runnable task) {
        }

        long now;
        final List<Due> due = new ArrayList<>();

        @Override
        public long nowMs() {
            return now;
        }

        @Override
        public void after(long millis, Runnable task) {
            due.add(new Due(now + millis, task));
        }

        void advanceTo(long ms) {
            while (true) {
                Due next = due.stream().filter(d -> d.at <= ms).min(Comparator.comparingLong(Due::at)).orElse(null);
                if (next == null) {
                    break;
                }
                due.remove(next);
                now = next.at;
                next.task.run();
            }
            now = ms;
        }
    }

    final Clock clock = new Clock();
    final TestOutages listener = new TestOutages();
    final Outages outages = new Outages(listener, clock, 10_000, Outages::transientFailure);
    final List<Long> reopenedAt = new ArrayList<>();
    final List<Throwable> unmendable = new ArrayList<>();

    void fail(Status status) {
        outages.failed("stt", status.asRuntimeException(), () -> reopenedAt.add(clock.now), unmendable::add);
    }

    @Test
    void aDeadInstanceIsLeftAtOnceAndAQuickRecoveryNeedsNoApology() {
        fail(Status.UNAVAILABLE);
        clock.advanceTo(0);
        assertEquals(List.of(0L), reopenedAt, "the new stream goes to another instance without waiting");
        clock.advanceTo(40);
        outages.recovered("stt");
        clock.advanceTo(5_000);
        assertEquals(List.of("stt failed", "stt recovered"), listener.log);
    }

    @Test
    void aRestartingInstanceIsRetriedWithGrowingPausesAndTheCallerHearsTheApologyOnce() {
        for (long t : new long[]{0, 20, 150, 420, 950, 1_980}) {
            clock.advanceTo(t);
            fail(Status.UNAVAILABLE);
        }
        clock.advanceTo(3_000);
        assertEquals(List.of(0L, 120L, 400L, 920L, 1_950L, 2_980L), reopenedAt);
        outages.recovered("stt");
        assertEquals(List.of("stt failed", "apology", "stt recovered"), listener.log);
    }

    @Test
    void aStreamTakenAndRefusedAtOnceByADrainingInstanceIsNoRecovery() {
        fail(Status.UNAVAILABLE);
        clock.advanceTo(5);
        boolean[] open = {true};
        outages.opened("stt", () -> open[0]);
        clock.advanceTo(20);
        open[0] = false; // refused: "shutting down"
        fail(Status.UNAVAILABLE.withDescription("stt-service is shutting down"));
        clock.advanceTo(200);
        assertEquals(List.of("stt failed"), listener.log, "still down: the refused stream never stood");
        outages.opened("stt", () -> true);
        clock.advanceTo(400);
        assertEquals(List.of("stt failed", "stt recovered"), listener.log);
    }

    @Test
    void aStageDownForTheWholeWindowLosesTheCall() {
        fail(Status.UNAVAILABLE);
        clock.advanceTo(10_001);
        assertEquals(List.of("stt failed", "apology", "stt lost", "stt lost for good"), listener.log);
    }

    @Test
    void aRefusalNoNewStreamWouldMendGoesToTheStreamsOwner() {
        fail(Status.INVALID_ARGUMENT.withDescription("sample rate 44100 not supported"));
        clock.advanceTo(5_000);
        assertEquals(1, unmendable.size());
        assertEquals(List.of(), reopenedAt);
        assertEquals(List.of(), listener.log);
    }
}
