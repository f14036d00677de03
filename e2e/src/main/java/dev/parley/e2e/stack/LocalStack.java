package dev.parley.e2e.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The whole Parley stack on one machine: a real Kafka broker and the five services as separate JVMs, each logging to
 * its own file; a detached stack also runs its {@link SideProcess}es (trace viewer, demo clinic). {@link #start}
 * returns once every service reports ready; a test stack is torn down by {@link #close}, a detached one
 * ({@code parley up}) keeps running with pid files and is stopped by {@link #stopDetached}.
 *
 * <p>A backend can run as several instances ({@link StackConfig#withReplicas}); a test drives the failures of one
 * instance with {@link #kill} (SIGKILL, a crash), {@link #terminate} (SIGTERM, a rollout: it drains, then exits),
 * {@link #pause} / {@link #resume} (SIGSTOP / SIGCONT, a hang), and brings it back with {@link #startInstance} or
 * {@link #restart}, which return once it is ready. Instances count from 1 ({@link Instance}).
 */
public final class LocalStack implements AutoCloseable {
    /** Covers a backend's drain (shutdown delay, then up to 15 s for streams still open) and the gateway's exit. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration SIDE_READY_TIMEOUT = Duration.ofSeconds(60);
    /** A line of {@code status}: component, state, where, pid and log. */
    static final String STATUS_LINE = "%-25s %-9s %s%s";

    private final StackConfig config;
    private final Consumer<String> out;
    private final KafkaBroker broker;
    /** Guarded by this. */
    private final Map<Instance, ManagedProcess> processes = new LinkedHashMap<>();
    private final List<Instance> startedHere = new ArrayList<>();
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
        for (Instance i : config.instances()) {
            Optional<ManagedProcess> running = config.detached() ? adopt(config, i) : Optional.empty();
            if (running.isPresent() && i.service() == Service.GATEWAY && !wiredAsConfigured(running.get())) {
                // An earlier `up` started it with other backend lists (another --replicas): it must know them all.
                out.accept(i + ": restarting (pid " + running.get().pid() + ") with backends "
                        + config.backends(Service.STT) + " / " + config.backends(Service.DIALOGUE) + " / "
                        + config.backends(Service.TTS));
                running.get().stop(STOP_GRACE);
                deleteQuietly(config.pidFile(i));
                running = Optional.empty();
            }
            if (running.isPresent()) {
                synchronized (this) {
                    processes.put(i, running.get());
                }
                out.accept(i + ": already running (pid " + running.get().pid() + ")");
                continue;
            }
            launchInstance(i);
        }
        awaitReady(t0, config.instances());
        if (config.detached()) {
            // Instances an earlier `up --replicas` started beyond what is wanted now: the gateway no longer lists them.
            stopSurplus(config, out);
        }
        for (SideProcess side : sides) {
            side.awaitReady(SIDE_READY_TIMEOUT, out);
        }
    }

    private static Optional<ManagedProcess> adopt(StackConfig config, Instance i) {
        return ManagedProcess.adopt(i.name(), config.pidFile(i), config.serviceJar(i.service()).toString(),
                config.logFile(i));
    }

    /** False if the gateway runs with other backend lists than this config gives it (unknown: true). */
    private boolean wiredAsConfigured(ManagedProcess gateway) {
        Optional<Map<String, String>> env = gateway.environment();
        if (env.isEmpty()) {
            return true;
        }
        Map<String, String> wanted = config.env(Service.GATEWAY);
        for (Service backend : StackConfig.REPLICABLE) {
            String name = StackConfig.backendsEnv(backend);
            if (!wanted.get(name).equals(env.get().get(name))) {
                return false;
            }
        }
        return true;
    }

    /** Launches an instance whose port must be free; records it as started here. */
    private synchronized ManagedProcess launchInstance(Instance i) {
        int port = config.port(i);
        if (Health.listening(port)) {
            throw new StackException("port " + port + " for " + i + " is already in use by a process this stack"
                    + " did not start (or by a paused instance)");
        }
        List<String> command = List.of("java", "-Dparley.stack.service=" + i.name(), "-jar",
                config.serviceJar(i.service()).toString());
        try {
            ManagedProcess p = ManagedProcess.launch(i.name(), command, config.env(i), config.home(),
                    config.logFile(i), config.detached());
            if (config.detached()) {
                p.writePid(config.pidFile(i));
            }
            out.accept(i + ": starting on port " + port + " (pid " + p.pid() + ", log " + p.log() + ")");
            processes.put(i, p);
            if (!startedHere.contains(i)) {
                startedHere.add(i);
            }
            return p;
        } catch (IOException e) {
            throw new StackException("cannot start " + i + ": " + e.getMessage());
        }
    }

    private void awaitReady(long t0, List<Instance> instances) {
        long deadline = System.nanoTime() + config.startTimeout().toNanos();
        List<Instance> waiting = new ArrayList<>(instances);
        while (!waiting.isEmpty()) {
            for (Instance i : List.copyOf(waiting)) {
                ManagedProcess p = process(i);
                if (!p.alive()) {
                    throw new StackException(i + " exited during start-up; last lines of " + p.log()
                            + ":\n" + p.tail(40));
                }
                if (Health.ready(config.port(i))) {
                    waiting.remove(i);
                    out.accept(String.format("%s: ready after %.1f s", i, (System.nanoTime() - t0) / 1e9));
                }
            }
            if (waiting.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                StringBuilder msg = new StringBuilder("not ready after " + config.startTimeout().toSeconds() + " s:");
                for (Instance i : waiting) {
                    ManagedProcess p = process(i);
                    msg.append("\n").append(i).append(" (").append(config.baseUri(i)).append("q/health/ready); ")
                            .append("last lines of ").append(p.log()).append(":\n").append(p.tail(30));
                }
                throw new StackException(msg.toString());
            }
            sleep(500);
        }
    }

    /** The process id of each service this stack runs (its first instance), e.g. to read its CPU time from /proc. */
    public synchronized Map<Service, Long> pids() {
        Map<Service, Long> pids = new EnumMap<>(Service.class);
        processes.forEach((instance, process) -> {
            if (instance.index() == 1) {
                pids.put(instance.service(), process.pid());
            }
        });
        return pids;
    }

    /** The process id of every instance this stack runs. */
    public synchronized Map<Instance, Long> instancePids() {
        Map<Instance, Long> pids = new LinkedHashMap<>();
        processes.forEach((instance, process) -> pids.put(instance, process.pid()));
        return pids;
    }

    /** The process id of instance {@code index} of {@code service}. */
    public long pid(Service service, int index) {
        return process(new Instance(service, index)).pid();
    }

    /** True while instance {@code index} of {@code service} runs (a paused one too). */
    public boolean alive(Service service, int index) {
        ManagedProcess p = processOrNull(new Instance(service, index));
        return p != null && p.alive();
    }

    /** True if instance {@code index} of {@code service} answers {@code /q/health/ready} with UP. */
    public boolean ready(Service service, int index) {
        return Health.ready(config.port(service, index));
    }

    /**
     * SIGKILL to instance {@code index} of {@code service}: it dies at once, as in a crash or an OOM kill (no
     * drain, no shutdown hooks, streams cut mid-call); what it had forked dies too. Returns once it is gone.
     */
    public void kill(Service service, int index) {
        Instance i = new Instance(service, index);
        ManagedProcess p = process(i);
        out.accept(i + ": kill -9 (pid " + p.pid() + ")");
        p.kill();
    }

    /**
     * SIGTERM to instance {@code index} of {@code service}, as Kubernetes sends on a rollout or scale-in: a backend
     * reports not ready at once, keeps serving its live streams for its shutdown delay
     * ({@link StackConfig#LOCAL_SHUTDOWN_DELAY} unless the test sets QUARKUS_SHUTDOWN_DELAY), then gives streams
     * still open up to quarkus.shutdown.timeout and exits. Returns at once; {@link #awaitExit} waits for the end.
     */
    public void terminate(Service service, int index) {
        Instance i = new Instance(service, index);
        ManagedProcess p = process(i);
        out.accept(i + ": SIGTERM (pid " + p.pid() + ")");
        p.terminate();
    }

    /** Waits up to {@code timeout} for instance {@code index} of {@code service} to exit; true if it has. */
    public boolean awaitExit(Service service, int index, Duration timeout) {
        return process(new Instance(service, index)).awaitExit(timeout);
    }

    /**
     * SIGSTOP to instance {@code index} of {@code service}: it freezes, as a hung JVM or an unreachable machine
     * would, keeping its port and connections open without answering, until {@link #resume}. Teardown resumes it.
     */
    public void pause(Service service, int index) {
        Instance i = new Instance(service, index);
        ManagedProcess p = process(i);
        out.accept(i + ": SIGSTOP (pid " + p.pid() + ")");
        p.pause();
    }

    /** SIGCONT to a paused instance: it carries on where it stopped. */
    public void resume(Service service, int index) {
        Instance i = new Instance(service, index);
        ManagedProcess p = process(i);
        out.accept(i + ": SIGCONT (pid " + p.pid() + ")");
        p.resume();
    }

    /**
     * Starts instance {@code index} of {@code service} again after {@link #kill} or {@link #terminate} (or after it
     * died by itself) on the same port, environment and log file (the previous log moves to {@code .log.1}), and
     * returns once it is ready.
     *
     * @throws IllegalArgumentException if the stack has no such instance ({@link StackConfig#withReplicas})
     * @throws StackException if it is still running, its port is taken, or it does not become ready in time
     */
    public void startInstance(Service service, int index) {
        Instance i = new Instance(service, index);
        config.port(i);
        synchronized (this) {
            ManagedProcess old = processes.get(i);
            if (old != null && old.alive()) {
                throw new StackException(i + " is still running (pid " + old.pid() + ")");
            }
            launchInstance(i);
        }
        awaitReady(System.nanoTime(), List.of(i));
    }

    /**
     * Stops instance {@code index} of {@code service} if it runs (SIGTERM, then SIGKILL after a grace that covers a
     * backend's local drain), starts it again and returns once it is ready.
     */
    public void restart(Service service, int index) {
        Instance i = new Instance(service, index);
        ManagedProcess old = processOrNull(i);
        if (old != null && old.alive()) {
            out.accept(i + ": stopping (pid " + old.pid() + ")");
            old.stop(STOP_GRACE);
        }
        startInstance(service, index);
    }

    private synchronized ManagedProcess processOrNull(Instance i) {
        return processes.get(i);
    }

    private ManagedProcess process(Instance i) {
        ManagedProcess p = processOrNull(i);
        if (p == null) {
            config.port(i);
            throw new StackException(i + " was never started by this stack");
        }
        return p;
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
        Map<Instance, ManagedProcess> running = new LinkedHashMap<>(processes);
        processes.clear();
        stopInWaves(running, STOP_GRACE);
        broker.stop();
    }

    /**
     * The gateway first, so it stops taking calls, then every other instance at once: the backends drain side by
     * side instead of one after another.
     */
    private static void stopInWaves(Map<Instance, ManagedProcess> running, Duration grace) {
        List<ManagedProcess> gateway = new ArrayList<>();
        List<ManagedProcess> others = new ArrayList<>();
        running.forEach((instance, p) -> {
            if (p.alive()) {
                (instance.service() == Service.GATEWAY ? gateway : others).add(p);
            }
        });
        ManagedProcess.stopAll(gateway, grace);
        ManagedProcess.stopAll(others, grace);
    }

    private synchronized void stopStartedHere() {
        Map<Instance, ManagedProcess> mine = new LinkedHashMap<>();
        for (Instance i : startedHere) {
            ManagedProcess p = processes.remove(i);
            if (p != null) {
                mine.put(i, p);
            }
        }
        stopInWaves(mine, STOP_GRACE);
        for (Instance i : mine.keySet()) {
            deleteQuietly(config.pidFile(i));
        }
        if (!config.detached()) {
            broker.stop();
        }
    }

    /** Stops a detached stack's instances beyond the counts {@code config} wants (pid files of higher instances). */
    private static void stopSurplus(StackConfig config, Consumer<String> out) {
        Map<Instance, ManagedProcess> surplus = new LinkedHashMap<>();
        for (Map.Entry<Service, Integer> e : config.recordedReplicas().entrySet()) {
            for (int k = config.replicas(e.getKey()) + 1; k <= e.getValue(); k++) {
                Instance i = new Instance(e.getKey(), k);
                Optional<ManagedProcess> p = adopt(config, i);
                if (p.isPresent()) {
                    out.accept(i + ": stopping (pid " + p.get().pid() + "), beyond " + config.replicas(e.getKey())
                            + " instance(s)");
                    surplus.put(i, p.get());
                }
            }
        }
        stopInWaves(surplus, STOP_GRACE);
        for (Map.Entry<Service, Integer> e : config.recordedReplicas().entrySet()) {
            for (int k = config.replicas(e.getKey()) + 1; k <= e.getValue(); k++) {
                deleteQuietly(config.pidFile(new Instance(e.getKey(), k)));
            }
        }
    }

    /**
     * Stops whatever a detached stack (pid files under the run directory) has running, every instance of every
     * service included; returns what it stopped.
     */
    public static List<String> stopDetached(StackConfig config, Consumer<String> out) {
        config = config.withRecordedReplicas();
        List<String> stopped = new ArrayList<>();
        Map<Instance, ManagedProcess> running = new LinkedHashMap<>();
        List<Instance> order = new ArrayList<>(config.instances());
        java.util.Collections.reverse(order);
        for (Instance i : order) {
            Optional<ManagedProcess> p = adopt(config, i);
            if (p.isPresent()) {
                out.accept(i + ": stopping (pid " + p.get().pid() + ")");
                running.put(i, p.get());
                stopped.add(i.name());
            }
        }
        stopInWaves(running, STOP_GRACE);
        for (Instance i : order) {
            deleteQuietly(config.pidFile(i));
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

    /**
     * One line per component, every instance of a service on its own line: running or not, ready or not, pid, port,
     * log. Returns true if all are ready.
     */
    public static boolean status(StackConfig config, Consumer<String> out) {
        config = config.withRecordedReplicas();
        boolean allReady = true;
        boolean kafka = new KafkaBroker(config).running();
        out.accept(String.format(STATUS_LINE, "kafka", kafka ? "running" : "stopped", config.kafkaBootstrap(), ""));
        allReady &= kafka;
        for (Instance i : config.instances()) {
            Optional<ManagedProcess> p = adopt(config, i);
            boolean ready = p.isPresent() && Health.ready(config.port(i));
            String state = p.isEmpty() ? "stopped" : ready ? "ready" : "starting";
            out.accept(String.format(STATUS_LINE, i.name(), state, config.baseUri(i),
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
