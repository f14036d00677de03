package dev.parley.e2e.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The whole Parley stack on one machine: a real Kafka broker and the five services as separate JVMs, each logging to
 * its own file; a detached stack also runs its {@link SideProcess}es (trace viewer, demo clinic). {@link #start}
 * returns once every service reports ready; a test stack is torn down by {@link #close}, a detached one
 * ({@code parley up}) keeps running with pid files and is stopped by {@link #stopDetached}.
 */
public final class LocalStack implements AutoCloseable {
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final Duration SIDE_READY_TIMEOUT = Duration.ofSeconds(60);
    /** A line of {@code status}: component, state, where, pid and log. */
    static final String STATUS_LINE = "%-25s %-9s %s%s";

    private final StackConfig config;
    private final Consumer<String> out;
    private final KafkaBroker broker;
    private final Map<Service, ManagedProcess> processes = new EnumMap<>(Service.class);
    private final List<Service> startedHere = new ArrayList<>();
    private Thread shutdownHook;

    private LocalStack(StackConfig config, Consumer<String> out) {
        this.config = config;
        this.out = out;
        this.broker = new KafkaBroker(config);
    }

    /**
     * Starts (or, when detached, adopts what an earlier start left running) the broker and all services, and waits
     * until every {@code /q/health/ready} is UP.
     *
     * @throws StackException naming the missing build output, the busy port, or the service that failed, with its log
     */
    public static LocalStack start(StackConfig config, Consumer<String> out) {
        requireBuilt(config);
        LocalStack stack = new LocalStack(config, out);
        if (!config.detached()) {
            // A test JVM that dies must not leave a broker and five services behind.
            stack.shutdownHook = new Thread(stack::stopAll, "parley-stack-teardown");
            Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
        }
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.stopStartedHere();
            throw e;
        }
    }

    /** Fails with one message listing every missing piece of build output. */
    static void requireBuilt(StackConfig config) {
        List<String> missing = new ArrayList<>();
        for (Service s : Service.startOrder()) {
            if (!Files.isRegularFile(config.serviceJar(s))) {
                missing.add(config.home().relativize(config.serviceJar(s)).toString());
            }
        }
        if (!Files.isRegularFile(config.kafkaLibs().resolve("kafka_2.13-4.1.1.jar"))) {
            missing.add(config.home().relativize(config.kafkaLibs()) + "/ (the Kafka broker classpath)");
        }
        if (!Files.isDirectory(config.modelsDir().resolve("vosk-model-en-us"))) {
            missing.add(config.home().relativize(config.modelsDir()) + "/vosk-model-en-us");
        }
        if (!Files.isRegularFile(config.kafkaScript())) {
            missing.add(config.home().relativize(config.kafkaScript()).toString());
        }
        if (!missing.isEmpty()) {
            throw new StackException("the stack is not built; missing under " + config.home() + ":\n  "
                    + String.join("\n  ", missing) + "\nrun mvn package first (from " + config.home()
                    + ": ./mvnw -q package -DskipTests)");
        }
    }

    private void startAll() {
        long t0 = System.nanoTime();
        // First, so they warm up while the broker and services start; the stack never waits on them for long.
        List<SideProcess> sides = new ArrayList<>();
        if (config.detached()) {
            for (SideProcess side : SideProcess.of(config)) {
                if (side.start(out)) {
                    sides.add(side);
                }
            }
        }
        if (config.detached() && broker.running()) {
            out.accept("kafka: already running on " + config.kafkaBootstrap());
        } else {
            out.accept("kafka: starting on " + config.kafkaBootstrap() + " (data in " + config.kafkaDir() + ")");
        }
        broker.start();
        out.accept(String.format("kafka: ready after %.1f s", (System.nanoTime() - t0) / 1e9));
        for (Service s : Service.startOrder()) {
            Optional<ManagedProcess> running = config.detached()
                    ? ManagedProcess.adopt(s.module(), config.pidFile(s), config.serviceJar(s).toString(),
                            config.logFile(s))
                    : Optional.empty();
            if (running.isPresent()) {
                processes.put(s, running.get());
                out.accept(s.module() + ": already running (pid " + running.get().pid() + ")");
                continue;
            }
            if (Health.listening(config.port(s))) {
                throw new StackException("port " + config.port(s) + " for " + s.module()
                        + " is already in use by a process this stack did not start");
            }
            processes.put(s, launch(s));
            startedHere.add(s);
        }
        awaitReady(t0);
        for (SideProcess side : sides) {
            side.awaitReady(SIDE_READY_TIMEOUT, out);
        }
    }

    private ManagedProcess launch(Service s) {
        List<String> command = List.of("java", "-Dparley.stack.service=" + s.module(), "-jar",
                config.serviceJar(s).toString());
        try {
            ManagedProcess p = ManagedProcess.launch(s.module(), command, config.env(s), config.home(),
                    config.logFile(s), config.detached());
            if (config.detached()) {
                p.writePid(config.pidFile(s));
            }
            out.accept(s.module() + ": starting on port " + config.port(s) + " (pid " + p.pid() + ", log "
                    + p.log() + ")");
            return p;
        } catch (IOException e) {
            throw new StackException("cannot start " + s.module() + ": " + e.getMessage());
        }
    }

    private void awaitReady(long t0) {
        long deadline = System.nanoTime() + config.startTimeout().toNanos();
        List<Service> waiting = new ArrayList<>(Service.startOrder());
        while (!waiting.isEmpty()) {
            for (Service s : List.copyOf(waiting)) {
                ManagedProcess p = processes.get(s);
                if (!p.alive()) {
                    throw new StackException(s.module() + " exited during start-up; last lines of " + p.log()
                            + ":\n" + p.tail(40));
                }
                if (Health.ready(config.port(s))) {
                    waiting.remove(s);
                    out.accept(String.format("%s: ready after %.1f s", s.module(), (System.nanoTime() - t0) / 1e9));
                }
            }
            if (waiting.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                StringBuilder msg = new StringBuilder("not ready after " + config.startTimeout().toSeconds() + " s:");
                for (Service s : waiting) {
                    msg.append("\n").append(s.module()).append(" (http://127.0.0.1:").append(config.port(s))
                            .append("/q/health/ready); last lines of ").append(processes.get(s).log()).append(":\n")
                            .append(processes.get(s).tail(30));
                }
                throw new StackException(msg.toString());
            }
            sleep(500);
        }
    }

    /** The process id of each service this stack runs, e.g. to read its CPU time from /proc. */
    public Map<Service, Long> pids() {
        Map<Service, Long> pids = new EnumMap<>(Service.class);
        processes.forEach((service, process) -> pids.put(service, process.pid()));
        return pids;
    }

    public StackConfig config() {
        return config;
    }

    /** Stops the broker under the running services (a Kafka outage); {@link #startBroker} brings it back. */
    public void stopBroker() {
        broker.stop();
    }

    public void startBroker() {
        broker.start();
    }

    /** Tears a test stack down; for a detached stack this only detaches (use {@link #stopDetached} to stop it). */
    @Override
    public void close() {
        if (!config.detached()) {
            stopAll();
            if (shutdownHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException e) {
                    // Already shutting down: the hook is running this very teardown.
                }
            }
        }
    }

    private synchronized void stopAll() {
        List<Service> order = new ArrayList<>(Service.startOrder());
        java.util.Collections.reverse(order);
        for (Service s : order) {
            ManagedProcess p = processes.remove(s);
            if (p != null && p.alive()) {
                p.stop(STOP_GRACE);
            }
        }
        broker.stop();
    }

    private void stopStartedHere() {
        for (Service s : startedHere) {
            ManagedProcess p = processes.remove(s);
            if (p != null) {
                p.stop(STOP_GRACE);
                deleteQuietly(config.pidFile(s));
            }
        }
        if (!config.detached()) {
            broker.stop();
        }
    }

    /** Stops whatever a detached stack (pid files under the run directory) has running; returns what it stopped. */
    public static List<String> stopDetached(StackConfig config, Consumer<String> out) {
        List<String> stopped = new ArrayList<>();
        List<Service> order = new ArrayList<>(Service.startOrder());
        java.util.Collections.reverse(order);
        for (Service s : order) {
            Optional<ManagedProcess> p = ManagedProcess.adopt(s.module(), config.pidFile(s),
                    config.serviceJar(s).toString(), config.logFile(s));
            if (p.isPresent()) {
                out.accept(s.module() + ": stopping (pid " + p.get().pid() + ")");
                p.get().stop(STOP_GRACE);
                stopped.add(s.module());
            }
            deleteQuietly(config.pidFile(s));
        }
        KafkaBroker broker = new KafkaBroker(config);
        if (broker.running()) {
            out.accept("kafka: stopping");
            broker.stop();
            stopped.add("kafka");
        }
        for (SideProcess side : SideProcess.of(config)) {
            if (side.stop(out)) {
                stopped.add(side.name());
            }
        }
        return stopped;
    }

    /** One line per component: running or not, ready or not, pid, port, log. Returns true if all are ready. */
    public static boolean status(StackConfig config, Consumer<String> out) {
        boolean allReady = true;
        boolean kafka = new KafkaBroker(config).running();
        out.accept(String.format(STATUS_LINE, "kafka", kafka ? "running" : "stopped", config.kafkaBootstrap(), ""));
        allReady &= kafka;
        for (Service s : Service.startOrder()) {
            Optional<ManagedProcess> p = ManagedProcess.adopt(s.module(), config.pidFile(s),
                    config.serviceJar(s).toString(), config.logFile(s));
            boolean ready = p.isPresent() && Health.ready(config.port(s));
            String state = p.isEmpty() ? "stopped" : ready ? "ready" : "starting";
            out.accept(String.format(STATUS_LINE, s.module(), state, config.baseUri(s),
                    p.map(x -> "  pid " + x.pid() + "  log " + x.log()).orElse("")));
            allReady &= ready;
        }
        // The trace viewer and the demo clinic are optional: reported, but not part of "all ready".
        for (SideProcess side : SideProcess.of(config)) {
            out.accept(side.status());
        }
        return allReady;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A stale pid file is detected as stale on the next start (the pid is checked, not trusted).
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while waiting for the stack");
        }
    }
}
