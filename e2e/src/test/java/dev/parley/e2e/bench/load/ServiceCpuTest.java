package dev.parley.e2e.bench.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A service's CPU counts the processes it runs (tts-service's festival servers): while they run and once they end. */
class ServiceCpuTest {
    private static final long SELF = ProcessHandle.current().pid();
    private static final double OWN_READ_SLACK_SECONDS = 0.1;

    private static double ownSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toMillis() / 1000.0;
    }

    @Test
    void aChildsCpuCountsWhileItRunsAndAfterItEnds() throws Exception {
        double childrenBefore = ServiceCpu.cpuSecondsWithChildren(SELF) - ownSeconds();
        // A shell spinning until it is stopped: no sleep, so its time is CPU time.
        Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        Thread.sleep(Duration.ofMillis(1200).toMillis());
        double whileRunning = ServiceCpu.cpuSecondsWithChildren(SELF) - ownSeconds() - childrenBefore;
        assertTrue(busy.isAlive(), "the child still runs");
        assertTrue(whileRunning >= 0.1, "a running child's CPU counts: " + whileRunning + " s");

        busy.destroy();
        assertTrue(busy.waitFor(10, TimeUnit.SECONDS));
        double afterEnd = ServiceCpu.cpuSecondsWithChildren(SELF) - ownSeconds() - childrenBefore;
        // Our own CPU is read apart from the total, so it may gain a few ticks in between; a child's time that
        // stopped counting once it ended would instead lose the whole ~1.2 s.
        assertTrue(afterEnd >= whileRunning - OWN_READ_SLACK_SECONDS, "a finished child's CPU still counts: "
                + afterEnd + " s after " + whileRunning + " s while it ran");
    }
}
