package dev.parley.e2e.bench.load;

import dev.parley.e2e.stack.Service;
import dev.parley.e2e.stack.StackConfig;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of each running service, from /proc/&lt;pid&gt;/stat with the pids the stack wrote to .parley/pids/: all its
 * threads, and the processes it runs (tts-service's festival servers voice every reply: a third of a core at 20
 * calls, which the JVM's own figure leaves out) — live ones through their own stat, finished ones through the
 * parent's cutime/cstime. Two snapshots give the cores each service used in between.
 */
final class ServiceCpu {
    /** Linux's USER_HZ: /proc times are in these ticks (getconf CLK_TCK; 100 on every common kernel). */
    private static final double TICKS_PER_SECOND = 100.0;

    record Snapshot(long wallNanos, Map<Service, Double> cpuSeconds) {
        /** Cores each service used from {@code earlier} to this snapshot. */
        Map<Service, Double> coresSince(Snapshot earlier) {
            double wall = (wallNanos - earlier.wallNanos) / 1e9;
            Map<Service, Double> cores = new EnumMap<>(Service.class);
            cpuSeconds.forEach((service, now) -> {
                Double before = earlier.cpuSeconds.get(service);
                if (before != null && wall > 0) {
                    cores.put(service, (now - before) / wall);
                }
            });
            return cores;
        }
    }

    private final Map<Service, Long> pids = new EnumMap<>(Service.class);

    ServiceCpu(Map<Service, Long> pids) {
        if (!pids.containsKey(Service.GATEWAY)) {
            throw new IllegalArgumentException("no gateway among the services to watch: " + pids.keySet());
        }
        this.pids.putAll(pids);
    }

    /** The services a detached stack ({@code ./parley up}) runs, from its pid files. */
    static ServiceCpu ofPidFiles(StackConfig stack) throws IOException {
        Map<Service, Long> pids = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            Path pidFile = stack.pidFile(service);
            if (Files.isRegularFile(pidFile)) {
                pids.put(service, Long.parseLong(Files.readString(pidFile).strip()));
            }
        }
        if (!pids.containsKey(Service.GATEWAY)) {
            throw new IOException("no " + stack.pidFile(Service.GATEWAY) + ": is the stack up (./parley up)?");
        }
        return new ServiceCpu(pids);
    }

    long pid(Service service) {
        return pids.get(service);
    }

    Snapshot snapshot() throws IOException {
        Map<Long, Stat> all = processes();
        Map<Service, Double> seconds = new EnumMap<>(Service.class);
        for (Map.Entry<Service, Long> e : pids.entrySet()) {
            seconds.put(e.getKey(), withChildren(e.getValue(), all) / TICKS_PER_SECOND);
        }
        return new Snapshot(System.nanoTime(), seconds);
    }

    /** CPU seconds of {@code pid} and every process under it, live or finished. */
    static double cpuSecondsWithChildren(long pid) throws IOException {
        return withChildren(pid, processes()) / TICKS_PER_SECOND;
    }

    private record Stat(long parent, long ownTicks, long finishedChildrenTicks) {
    }

    private static long withChildren(long pid, Map<Long, Stat> all) {
        Stat stat = all.get(pid);
        if (stat == null) {
            return 0;
        }
        long ticks = stat.ownTicks() + stat.finishedChildrenTicks();
        for (Map.Entry<Long, Stat> e : all.entrySet()) {
            if (e.getValue().parent() == pid) {
                ticks += withChildren(e.getKey(), all);
            }
        }
        return ticks;
    }

    /** Every process's parent and CPU ticks; a process gone while reading is left out. */
    private static Map<Long, Stat> processes() throws IOException {
        Map<Long, Stat> all = new HashMap<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : proc) {
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    // The command name (field 2) may hold spaces: count fields from the last ')'.
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    all.put(Long.parseLong(dir.getFileName().toString()), new Stat(Long.parseLong(f[1]),
                            Long.parseLong(f[11]) + Long.parseLong(f[12]),
                            Long.parseLong(f[13]) + Long.parseLong(f[14])));
                } catch (IOException gone) {
                    // exited between the listing and the read: its time is in its parent's cutime now
                }
            }
        }
        return all;
    }
}
