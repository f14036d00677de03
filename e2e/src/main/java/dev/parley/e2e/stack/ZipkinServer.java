package dev.parley.e2e.stack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The local stack's trace viewer: the Zipkin server jar (fetched by Maven into deploy/target/zipkin) with in-memory
 * storage, where every service sends its spans, so a person can open the UI and look at a call. Optional by design:
 * without the jar, or when it does not come up, the stack runs all the same and the services only log that their
 * spans could not be sent.
 */
final class ZipkinServer {
    private static final String NAME = "zipkin";
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final StackConfig config;

    ZipkinServer(StackConfig config) {
        this.config = config;
    }

    URI ui() {
        return config.traces().resolve("/zipkin/");
    }

    /** Starts the server detached (or adopts a running one); returns false, saying why, when there is none. */
    boolean start(Consumer<String> out) {
        if (running().isPresent()) {
            out.accept("zipkin: already running, " + ui());
            return true;
        }
        if (!Files.isRegularFile(config.zipkinJar())) {
            out.accept("zipkin: no " + config.home().relativize(config.zipkinJar())
                    + " (build the deploy module); traces are not shown");
            return false;
        }
        if (Health.listening(config.traces().getPort())) {
            out.accept("zipkin: port " + config.traces().getPort() + " is taken by another process; spans go there");
            return false;
        }
        List<String> command = List.of("java", "-Xms32m", "-Xmx256m", "-jar", config.zipkinJar().toString());
        Map<String, String> env = Map.of("QUERY_PORT", Integer.toString(config.traces().getPort()),
                "STORAGE_TYPE", "mem", "MEM_MAX_SPANS", "200000");
        try {
            ManagedProcess p = ManagedProcess.launch(NAME, command, env, config.home(), config.zipkinLog(), true);
            p.writePid(config.zipkinPidFile());
            out.accept("zipkin: starting on " + ui() + " (pid " + p.pid() + ", log " + p.log() + ")");
            return true;
        } catch (IOException e) {
            out.accept("zipkin: cannot start (" + e.getMessage() + "); traces are not shown");
            return false;
        }
    }

    boolean ready() {
        return Health.ready(config.traces().resolve("/health"));
    }

    Optional<ManagedProcess> running() {
        return ManagedProcess.adopt(NAME, config.zipkinPidFile(), config.zipkinJar().toString(), config.zipkinLog());
    }

    void stop(Consumer<String> out) {
        Optional<ManagedProcess> p = running();
        if (p.isPresent()) {
            out.accept("zipkin: stopping (pid " + p.get().pid() + ")");
            p.get().stop(STOP_GRACE);
        }
        try {
            Files.deleteIfExists(config.zipkinPidFile());
        } catch (IOException e) {
            // A stale pid file is recognized as stale on the next start.
        }
    }
}
