package dev.parley.e2e.bench.load;

import dev.parley.e2e.stack.Service;
import dev.parley.e2e.stack.StackConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * CPU time of each running service, from /proc/&lt;pid&gt;/stat (utime + stime, all threads) with the pids the
 * stack wrote to .parley/pids/. Two snapshots give the cores each service used in between.
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
        Map<Service, Double> seconds = new EnumMap<>(Service.class);
        for (Map.Entry<Service, Long> e : pids.entrySet()) {
            seconds.put(e.getKey(), cpuSeconds(e.getValue()));
        }
        return new Snapshot(System.nanoTime(), seconds);
    }

    private static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name (field 2) may hold spaces: count fields from the last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    }
}
