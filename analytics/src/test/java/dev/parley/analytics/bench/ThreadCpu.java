package dev.parley.analytics.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time used by this JVM, whole and by what its threads do. Only CPU time tells what the topology costs on a
 * machine shared with other work, where wall-clock time depends on the neighbours. Figures are totals so far;
 * a phase's figure is the difference between two snapshots (threads that end in between are lost, so only
 * long-lived threads are compared).
 */
final class ThreadCpu {
    /** The Kafka Streams processing threads (not their producers' network threads). */
    static final String STREAM_THREADS = "stream threads";

    private ThreadCpu() {
    }

    /** The whole JVM: every thread below, and the ones Java does not list (GC, JIT compiler, RocksDB). */
    static long processNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU nanoseconds by role: Java threads by name, and on Linux the JVM's and RocksDB's own threads. */
    static Map<String, Long> byRole() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> byRole = new TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                byRole.merge(javaRole(info.getThreadName()),
                        Math.max(0, threads.getThreadCpuTime(info.getThreadId())), Long::sum);
            }
        }
        nativeThreads().forEach((role, nanos) -> byRole.merge(role, nanos, Long::sum));
        return byRole;
    }

    private static String javaRole(String thread) {
        if (thread.contains("StreamThread")) {
            return thread.contains("producer") ? "stream threads' producers" : STREAM_THREADS;
        }
        if (thread.contains("parley-analytics-bench")) {
            return "other Kafka Streams threads";
        }
        if (thread.equals("main") || thread.startsWith("delay-probe") || thread.contains("producer-")) {
            return "benchmark (main, its producer)";
        }
        return "in-process broker";
    }

    /** Threads Java does not list, from /proc (Linux; elsewhere nothing, and the remainder is unexplained). */
    private static Map<String, Long> nativeThreads() {
        Map<String, Long> byRole = new TreeMap<>();
        Path tasks = Paths.get("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return byRole;
        }
        List<Path> all;
        try (Stream<Path> list = Files.list(tasks)) {
            all = list.collect(Collectors.toList());
        } catch (IOException e) {
            return byRole;
        }
        for (Path task : all) {
            try {
                String stat = Files.readString(task.resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String role = nativeRole(name);
                if (role != null) {
                    // After "pid (name) ": state is field 3, utime 14 and stime 15, in clock ticks (100 a second).
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    byRole.merge(role, ticks * 10_000_000L, Long::sum);
                }
            } catch (IOException | RuntimeException e) {
                // A thread that ended while being read.
            }
        }
        return byRole;
    }

    private static String nativeRole(String name) {
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
            return "GC and VM";
        }
        if (name.contains("CompilerThre")) {
            return "JIT compiler";
        }
        if (name.startsWith("rocksdb")) {
            return "RocksDB background";
        }
        return null;
    }
}
