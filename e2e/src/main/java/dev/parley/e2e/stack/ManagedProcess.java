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
        List<ProcessHandle> tree = new ArrayList<>();
        handle.descendants().forEach(tree::add);
        tree.add(handle);
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
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
