package dev.parley.e2e.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes: launch with env and log file, adopt by pid file, stop the whole tree. */
class ManagedProcessTest {
    @TempDir
    Path dir;

    @Test
    void stopTakesDownTheWholeProcessTree() throws Exception {
        Path log = dir.resolve("logs/tree.log");
        // A parent shell with two children, like a JVM that forked helpers (flite, festival).
        ManagedProcess p = ManagedProcess.launch("tree",
                List.of("bash", "-c", "echo \"marker=$PARLEY_TEST_MARKER\"; sleep 300 & sleep 300 & wait"),
                Map.of("PARLEY_TEST_MARKER", "from-env"), dir, log, false);
        ProcessHandle handle = ProcessHandle.of(p.pid()).orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (handle.descendants().count() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<ProcessHandle> children = handle.descendants().toList();
        assertEquals(2, children.size());

        p.stop(Duration.ofSeconds(5));

        assertFalse(p.alive());
        assertTrue(children.stream().noneMatch(ProcessHandle::isAlive), "no orphan left behind");
        assertEquals("marker=from-env", Files.readString(log).strip());
        assertEquals("marker=from-env", p.tail(5));
    }

    @Test
    void adoptsOnlyALiveProcessThatRunsWhatThePidFileClaims() throws Exception {
        Path pidFile = dir.resolve("pids/sleeper.pid");
        ManagedProcess p = ManagedProcess.launch("sleeper", List.of("sleep", "301"), Map.of(), dir,
                dir.resolve("sleeper.log"), true);
        try {
            p.writePid(pidFile);
            assertEquals(p.pid(), ManagedProcess.adopt("sleeper", pidFile, "sleep 301", dir.resolve("x")).orElseThrow()
                    .pid());
            assertTrue(ManagedProcess.adopt("sleeper", pidFile, "quarkus-run.jar", dir.resolve("x")).isEmpty(),
                    "a reused pid running something else is not ours");
        } finally {
            p.stop(Duration.ofSeconds(5));
        }
        assertTrue(ManagedProcess.adopt("sleeper", pidFile, "sleep 301", dir.resolve("x")).isEmpty(),
                "a dead process is not adopted");
    }
}
