package dev.parley.e2e.failover;

import dev.parley.e2e.stack.Instance;
import dev.parley.e2e.stack.LocalStack;
import dev.parley.e2e.stack.Metrics;
import dev.parley.e2e.stack.Service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Faults injected into a running test stack at a moment of a call: the instance that carries the call is found by its
 * live-stream gauge and killed; killed instances are started again between calls.
 */
public final class Faults implements AutoCloseable {
    /** What is done to an instance: it dies (kill -9), or it hangs without closing anything (SIGSTOP). */
    public enum Fault {
        KILL("kill -9"), FREEZE("SIGSTOP");

        public final String words;

        Fault(String words) {
            this.words = words;
        }
    }

    /** Each backend's gauge of live call streams. */
    private static final Map<Service, String> LIVE = Map.of(
            Service.STT, "parley_stt_streams_active",
            Service.DIALOGUE, "parley_dialogue_calls_active",
            Service.TTS, "parley_tts_streams_active");

    private final LocalStack stack;
    private volatile Fault fault = Fault.KILL;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "faults");
        t.setDaemon(true);
        return t;
    });
    private final List<ScheduledFuture<?>> pending = new CopyOnWriteArrayList<>();
    private final List<Instance> killed = new CopyOnWriteArrayList<>();

    public Faults(LocalStack stack) {
        this.stack = stack;
    }

    /** What the strikes from now on do (kill -9 unless told otherwise). */
    public void using(Fault fault) {
        this.fault = fault;
    }

    /** Strikes instance {@code index} of {@code backend} with the current fault; it is started again later. */
    private void strike(Service backend, int index) {
        if (fault == Fault.FREEZE) {
            stack.pause(backend, index);
        } else {
            stack.kill(backend, index);
        }
        killed.add(new Instance(backend, index));
    }

    /** Live call streams on each instance of {@code backend}, by instance number. */
    public Map<Integer, Double> perInstance(Service backend) throws Exception {
        Map<Integer, Double> out = new LinkedHashMap<>();
        for (Instance i : stack.config().instances(backend)) {
            out.put(i.index(), stack.alive(backend, i.index())
                    ? Metrics.sum(stack.config().baseUri(i), LIVE.get(backend)) : 0.0);
        }
        return out;
    }

    /** In {@code delayMs}: kill -9 the instance of {@code backend} with the most live streams (the first if none). */
    public void killServingLater(Service backend, long delayMs) {
        pending.add(timer.schedule(() -> {
            int index = serving(backend);
            System.out.println("[failover] killing " + backend + " instance " + index);
            strike(backend, index);
            return null;
        }, delayMs, TimeUnit.MILLISECONDS));
    }

    /**
     * Starting now, watches {@code backend}'s instances for up to {@code withinMs} and kills -9 the first one seen
     * carrying a stream: for streams that live only while something is being said (tts).
     */
    public void killWhenServing(Service backend, long withinMs) {
        pending.add(timer.schedule(() -> {
            long until = System.nanoTime() + withinMs * 1_000_000;
            while (System.nanoTime() < until) {
                for (Map.Entry<Integer, Double> e : perInstance(backend).entrySet()) {
                    if (e.getValue() > 0) {
                        System.out.println("[failover] " + backend + " instance " + e.getKey()
                                + " is voicing this call: killing it");
                        strike(backend, e.getKey());
                        return null;
                    }
                }
                Thread.sleep(5);
            }
            System.out.println("[failover] no " + backend + " instance carried a stream within " + withinMs + " ms");
            return null;
        }, 0, TimeUnit.MILLISECONDS));
    }

    /** The instance of {@code backend} with the most live streams (the first if none has any). */
    private int serving(Service backend) throws Exception {
        Map<Integer, Double> live = perInstance(backend);
        System.out.println("[failover] live streams per " + backend + " instance " + live);
        return live.entrySet().stream().filter(e -> e.getValue() > 0)
                .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(1);
    }

    /** In {@code delayMs}: kill -9 the instance and start it again at once; {@code restartMs[0]}: kill to ready. */
    public void killAndRestartLater(Service backend, int index, long delayMs, long[] restartMs) {
        pending.add(timer.schedule(() -> {
            long start = System.nanoTime();
            stack.kill(backend, index);
            stack.awaitExit(backend, index, Duration.ofSeconds(10));
            stack.startInstance(backend, index);
            restartMs[0] = (System.nanoTime() - start) / 1_000_000;
            return null;
        }, delayMs, TimeUnit.MILLISECONDS));
    }

    /** Waits for the faults scheduled so far to have happened; a fault that failed fails the test. */
    public void awaitRestarts() throws Exception {
        for (ScheduledFuture<?> f : new ArrayList<>(pending)) {
            f.get(60, TimeUnit.SECONDS);
        }
        pending.clear();
    }

    /** Starts every instance struck so far again (a frozen one is killed first), and waits until each is ready. */
    public void restartKilled() {
        for (Instance i : killed) {
            if (stack.alive(i.service(), i.index())) {
                stack.kill(i.service(), i.index());
            }
            stack.awaitExit(i.service(), i.index(), Duration.ofSeconds(10));
            stack.startInstance(i.service(), i.index());
        }
        killed.clear();
    }

    public void stop(Service backend, int index) {
        stack.terminate(backend, index);
        if (!stack.awaitExit(backend, index, Duration.ofSeconds(30))) {
            throw new IllegalStateException(backend + " " + index + " did not stop within 30 s of SIGTERM");
        }
    }

    public void start(Service backend, int index) {
        stack.startInstance(backend, index);
    }

    /** Outages of {@code stage} the gateway saw end in a recovery, so far. */
    public double recovered(String stage) throws Exception {
        return gatewayWhere("parley_gateway_backend_outages_total", "stage=\"" + stage + "\"",
                "outcome=\"recovered\"");
    }

    public double gateway(String metric) throws Exception {
        return gatewayWhere(metric);
    }

    public double gatewayWhere(String metric, String... labels) throws Exception {
        return Metrics.sumWhere(stack.config().baseUri(Service.GATEWAY), metric, labels);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
