package dev.parley.e2e.stack;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A service JVM of the stack, either launched here or adopted from a pid file of an earlier `up`. Output goes to a log
 * file, never to a pipe, so the process outlives the launcher when the stack runs detached.
 */
final class ManagedProcess {
    private final String name;
    private final ProcessHandle handle;
    private final Path log;
    /** What the process had forked when it was told to terminate, to clean up after it (they outlive their parent). */
    private volatile List<ProcessHandle> terminatedTree = List.of();
    private volatile boolean paused;

    private ManagedProcess(String name, ProcessHandle handle, Path log) {
        this.name = name;
        this.handle = handle;
        this.log = log;
    }

    /**
     * Starts {@code command} in {@code workDir} with {@code env} added to this environment. Detached processes get their
     * own session (setsid), so closing the terminal that ran `parley up` does not hang them up.
     */
    static ManagedProcess launch(String name, List<String> command, Map<String, String> env, Path workDir, Path log,
            boolean detached) throws IOException {
        Files.createDirectories(log.getParent());
        if (Files.exists(log)) {
            Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> full = new ArrayList<>();
        if (detached && new File("/usr/bin/setsid").canExecute()) {
            full.add("/usr/bin/setsid");
        }
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(log.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        return new ManagedProcess(name, pb.start().toHandle(), log);
    }

    /** The process recorded in {@code pidFile}, if it is alive and its command line mentions {@code marker}. */
    static Optional<ManagedProcess> adopt(String name, Path pidFile, String marker, Path log) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    // A pid can be reused after a reboot: only a process running our jar is ours.
                    .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                    .map(h -> new ManagedProcess(name, h, log));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    void writePid(Path pidFile) throws IOException {
        Files.createDirectories(pidFile.getParent());
        Files.writeString(pidFile, Long.toString(handle.pid()) + "\n");
    }

    String name() {
        return name;
    }

    long pid() {
        return handle.pid();
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return handle.isAlive();
    }

    /** SIGTERM to the whole process tree (Quarkus shuts down gracefully), SIGKILL for what is left after the grace. */
    void stop(Duration grace) {
        stopAll(List.of(this), grace);
    }

    /**
     * Stops several processes at once: SIGTERM to every process tree, then SIGKILL for what is left after the grace
     * (one grace for all, so services that drain before they exit drain side by side).
     */
    static void stopAll(List<ManagedProcess> processes, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>();
        for (ManagedProcess p : processes) {
            // A stopped (SIGSTOP) process would hold SIGTERM pending until the grace is over.
            p.resumeIfPaused();
            p.handle.descendants().forEach(tree::add);
            tree.add(p.handle);
        }
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
    }

    /** SIGKILL to the process, as in a crash (no shutdown hooks, no drain), then to whatever it had forked. */
    void kill() {
        List<ProcessHandle> children = handle.descendants().toList();
        handle.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        awaitExit(handle, Duration.ofSeconds(10));
        children.forEach(c -> awaitExit(c, Duration.ofSeconds(5)));
    }

    /**
     * SIGTERM to the process alone, as Kubernetes sends it: a Quarkus service starts its graceful shutdown (readiness
     * DOWN, then the shutdown delay and timeout) and exits by itself. Its children are left to it; {@link #awaitExit}
     * ends those it leaves behind. Returns at once.
     */
    void terminate() {
        resumeIfPaused();
        terminatedTree = handle.descendants().toList();
        handle.destroy();
    }

    /** Waits up to {@code timeout} for the process to exit; true if it did. Then ends what it forked and left. */
    boolean awaitExit(Duration timeout) {
        boolean exited = awaitExit(handle, timeout);
        if (exited) {
            List<ProcessHandle> left = terminatedTree.stream().filter(ProcessHandle::isAlive).toList();
            left.forEach(ProcessHandle::destroyForcibly);
            left.forEach(c -> awaitExit(c, Duration.ofSeconds(5)));
        }
        return exited;
    }

    private static boolean awaitExit(ProcessHandle h, Duration timeout) {
        try {
            h.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !h.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !h.isAlive();
        }
    }

    /** SIGSTOP: the process freezes (a hung JVM, a machine that stops answering) until {@link #resume}. */
    void pause() {
        signal("STOP");
        paused = true;
    }

    /** SIGCONT: a paused process carries on where it stopped. */
    void resume() {
        signal("CONT");
        paused = false;
    }

    boolean paused() {
        return paused && handle.isAlive();
    }

    private void resumeIfPaused() {
        if (paused && handle.isAlive()) {
            resume();
        }
    }

    /** Sends signal {@code name} (STOP, CONT, ...) to the process with kill(1). */
    private void signal(String name) {
        if (!handle.isAlive()) {
            throw new StackException(this.name + " (pid " + handle.pid() + ") is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(handle.pid()))
                    .redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (kill.waitFor() != 0) {
                throw new StackException("kill -s " + name + " " + handle.pid() + " failed: " + output);
            }
        } catch (IOException e) {
            throw new StackException("cannot signal " + this.name + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while signalling " + this.name);
        }
    }

    /**
     * The environment the process runs with, from /proc (Linux); empty where that cannot be read. Tells whether an
     * adopted process was started with the wiring the stack would give it now.
     */
    Optional<Map<String, String>> environment() {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(handle.pid()), "environ"));
            Map<String, String> env = new java.util.HashMap<>();
            for (String entry : new String(raw, StandardCharsets.UTF_8).split("\0")) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    env.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
            return Optional.of(env);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The last {@code lines} lines of the log, for error messages. */
    String tail(int lines) {
        return tail(log, lines);
    }

    static String tail(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return "(no log at " + file + ")";
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, f.length() - 16_384);
            byte[] buf = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(buf);
            String[] all = new String(buf, StandardCharsets.UTF_8).split("\n");
            int from = Math.max(0, all.length - lines);
            return String.join("\n", java.util.Arrays.copyOfRange(all, from, all.length));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
