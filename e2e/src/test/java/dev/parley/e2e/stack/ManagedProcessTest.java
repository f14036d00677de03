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

    @Test
    void killEndsTheProcessAtOnceAndWhatItForked() throws Exception {
        ManagedProcess p = ManagedProcess.launch("crash", List.of("bash", "-c",
                "trap 'echo ignored' TERM; sleep 300 & wait; sleep 300"), Map.of(), dir, dir.resolve("crash.log"),
                false);
        ProcessHandle handle = ProcessHandle.of(p.pid()).orElseThrow();
        awaitChildren(handle, 1);
        List<ProcessHandle> children = handle.descendants().toList();

        p.kill();

        assertFalse(p.alive());
        assertTrue(children.stream().noneMatch(ProcessHandle::isAlive), "no orphan left behind");
    }

    @Test
    void terminateSignalsOnlyTheProcessWhichExitsInItsOwnTime() throws Exception {
        // Like a draining service: on SIGTERM it carries on for a moment, then exits; its child is not signalled.
        Path log = dir.resolve("drain.log");
        ManagedProcess p = ManagedProcess.launch("drain", List.of("bash", "-c",
                "trap 'echo draining; sleep 1; echo done; exit 0' TERM; echo up; sleep 300 & wait"), Map.of(), dir,
                log, false);
        ProcessHandle handle = ProcessHandle.of(p.pid()).orElseThrow();
        awaitChildren(handle, 1);
        ProcessHandle child = handle.descendants().findFirst().orElseThrow();

        p.terminate();
        assertTrue(p.alive(), "terminate returns at once");
        assertTrue(p.awaitExit(Duration.ofSeconds(10)));

        assertFalse(p.alive());
        assertEquals(List.of("up", "draining", "done"), Files.readAllLines(log));
        assertFalse(child.isAlive(), "what it left behind is cleaned up");
    }

    @Test
    void aPausedProcessFreezesUntilResumedAndStopResumesItFirst() throws Exception {
        ManagedProcess p = ManagedProcess.launch("hang", List.of("sleep", "302"), Map.of(), dir,
                dir.resolve("hang.log"), false);
        try {
            p.pause();
            assertTrue(p.paused());
            assertEquals('T', state(p.pid()), "stopped");
            p.resume();
            assertFalse(p.paused());
            assertTrue("SR".indexOf(state(p.pid())) >= 0, "running again: " + state(p.pid()));
            p.pause();
            long t0 = System.nanoTime();
            p.stop(Duration.ofSeconds(20));
            assertFalse(p.alive());
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos(),
                    "SIGTERM reached it at once instead of waiting out the grace");
        } finally {
            p.kill();
        }
    }

    @Test
    void readsTheEnvironmentAProcessRunsWith() throws Exception {
        ManagedProcess p = ManagedProcess.launch("env", List.of("sleep", "303"),
                Map.of("PARLEY_BACKENDS_STT", "127.0.0.1:8081,127.0.0.1:8091"), dir, dir.resolve("env.log"), false);
        try {
            assertEquals("127.0.0.1:8081,127.0.0.1:8091",
                    p.environment().orElseThrow().get("PARLEY_BACKENDS_STT"));
        } finally {
            p.kill();
        }
    }

    private static void awaitChildren(ProcessHandle handle, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (handle.descendants().count() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(count, handle.descendants().count());
    }

    /** The state letter of /proc/PID/stat: R running, S sleeping, T stopped. */
    private static char state(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }
}
