package dev.parley.e2e.stack;

import dev.parley.e2e.clinic.DemoClinic;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A process the detached local stack runs beside the five services: the Zipkin trace viewer, and the demo clinic's
 * booking server that the brightsmile tenant's webhook tool calls. Started with the stack (or adopted from its pid
 * file), reported by {@code status}, stopped by {@code down}. Optional by design: when one cannot start, the stack runs
 * all the same and says what is missing without it.
 */
final class SideProcess {
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final String name;
    private final String role;
    private final List<String> command;
    private final String marker;
    private final Map<String, String> env;
    private final Path jar;
    private final URI shown;
    private final URI health;
    private final String without;
    private final StackConfig config;
    /** The process this object launched, if it did: watched directly while it starts (see awaitReady). */
    private ManagedProcess launched;

    private SideProcess(String name, String role, List<String> command, String marker, Map<String, String> env,
            Path jar, URI shown, URI health, String without, StackConfig config) {
        this.name = name;
        this.role = role;
        this.command = command;
        this.marker = marker;
        this.env = env;
        this.jar = jar;
        this.shown = shown;
        this.health = health;
        this.without = without;
        this.config = config;
    }

    /** The side processes {@code config} asks for: zipkin when it has traces, the demo clinic when it has one. */
    static List<SideProcess> of(StackConfig config) {
        List<SideProcess> all = new ArrayList<>();
        if (config.traces() != null) {
            all.add(zipkin(config));
        }
        if (config.clinic() != null) {
            all.add(demoClinic(config));
        }
        return all;
    }

    /** Zipkin (jar fetched by Maven into deploy/target/zipkin) with in-memory storage: traces go with `down`. */
    private static SideProcess zipkin(StackConfig config) {
        URI base = config.traces();
        String jar = config.zipkinJar().toString();
        return new SideProcess("zipkin", "traces", List.of("java", "-Xms32m", "-Xmx256m", "-jar", jar), jar,
                Map.of("QUERY_PORT", Integer.toString(base.getPort()), "STORAGE_TYPE", "mem", "MEM_MAX_SPANS", "200000"),
                config.zipkinJar(), base.resolve("/zipkin/"), base.resolve("/health"), "traces are not shown", config);
    }

    /**
     * {@link DemoClinic} on the launcher's own classpath, with the secret dialogue-service signs with. The marker comes
     * first on the command line: Linux shows another process only the first 4096 bytes of it, and the long classpath
     * would push anything after it out of sight of {@link ManagedProcess#adopt}.
     */
    private static SideProcess demoClinic(StackConfig config) {
        URI booking = config.clinic();
        String marker = "-Dparley.stack.side=demo-clinic";
        return new SideProcess("demo-clinic", "brightsmile", List.of("java", marker, "-Xms16m", "-Xmx64m", "-cp",
                System.getProperty("java.class.path"), DemoClinic.class.getName(), "--port",
                Integer.toString(booking.getPort())), marker,
                Map.of(DemoClinic.SECRET_ENV, config.secrets().brightsmileToolSecret()), null, booking,
                booking.resolve(DemoClinic.HEALTH_PATH), "brightsmile calls cannot book", config);
    }

    String name() {
        return name;
    }

    /** Starts it detached (or adopts a running one); returns false, saying why, when there is none. */
    boolean start(Consumer<String> out) {
        if (running().isPresent()) {
            out.accept(name + ": already running, " + shown);
            return true;
        }
        if (jar != null && !Files.isRegularFile(jar)) {
            out.accept(name + ": no " + config.home().relativize(jar) + " (build the stack); " + without);
            return false;
        }
        if (Health.listening(shown.getPort())) {
            out.accept(name + ": port " + shown.getPort() + " is taken by another process; " + without);
            return false;
        }
        try {
            ManagedProcess p = ManagedProcess.launch(name, command, env, config.home(), log(), true);
            p.writePid(pidFile());
            launched = p;
            out.accept(name + ": starting on " + shown + " (pid " + p.pid() + ", log " + p.log() + ")");
            return true;
        } catch (IOException e) {
            out.accept(name + ": cannot start (" + e.getMessage() + "); " + without);
            return false;
        }
    }

    /** Waits up to {@code timeout} for its health check; says whether it came up. */
    void awaitReady(Duration timeout, Consumer<String> out) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready()) {
            // A process just launched through setsid may not show its final command line yet (between setsid's
            // exec and java's), so adopt() would not recognize it: watch the one launched here by its handle.
            boolean gone = launched != null ? !launched.alive() : running().isEmpty();
            if (System.nanoTime() > deadline || gone) {
                out.accept(name + ": not ready (see " + log() + "); " + without);
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while waiting for " + name);
            }
        }
        out.accept(name + ": ready, " + shown);
    }

    boolean ready() {
        return Health.ready(health);
    }

    Optional<ManagedProcess> running() {
        return ManagedProcess.adopt(name, pidFile(), marker, log());
    }

    /** One line of {@code status}: name and role, state, where, pid and log. */
    String status() {
        Optional<ManagedProcess> p = running();
        String state = p.isEmpty() ? "stopped" : ready() ? "ready" : "starting";
        return String.format(LocalStack.STATUS_LINE, name + " (" + role + ")", state, shown,
                p.map(x -> "  pid " + x.pid() + "  log " + x.log()).orElse(""));
    }

    /** Stops it if it runs; returns whether it did. */
    boolean stop(Consumer<String> out) {
        Optional<ManagedProcess> p = running();
        if (p.isPresent()) {
            out.accept(name + ": stopping (pid " + p.get().pid() + ")");
            p.get().stop(STOP_GRACE);
        }
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            // A stale pid file is recognized as stale on the next start.
        }
        return p.isPresent();
    }

    private Path log() {
        return config.runDir().resolve("logs").resolve(name + ".log");
    }

    private Path pidFile() {
        return config.runDir().resolve("pids").resolve(name + ".pid");
    }
}
