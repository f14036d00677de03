package dev.parley.analytics.bench;

import dev.parley.analytics.AnalyticsTopology;
import dev.parley.analytics.billing.BillingPolicy;
import dev.parley.analytics.billing.Rounding;
import dev.parley.analytics.ingest.SkippedRecords;
import dev.parley.analytics.latency.LatencyWindowSize;
import dev.parley.analytics.recordings.LocalRecordingStore;
import dev.parley.analytics.records.RecordsSettings;
import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.EventCodec;
import dev.parley.contracts.events.Topics;
import dev.parley.contracts.events.TurnLatency;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Throughput and event-to-figure delay of the whole analytics topology on a real in-process KRaft broker, with the
 * Kafka Streams settings of application.properties (exactly-once as in production). Excluded from the default
 * build; run it with {@code mvn test -Dbenchmark.excluded=none -Dgroups=benchmark} (sizes:
 * {@code -Dbench.calls=10000}, {@code -Dbench.warm.rounds=2}). Throughput is measured on backlogs: one in a fresh
 * JVM (cold), then rounds in the same running application (warm). It prints its figures, wall clock and CPU time; it asserts only that every call was
 * counted exactly once, never a timing.
 */
@Tag("benchmark")
class AnalyticsBenchmark {
    private static final int CALLS = Integer.getInteger("bench.calls", 10_000);
    private static final int WARM_ROUNDS = Integer.getInteger("bench.warm.rounds", 2);
    private static final int TENANTS = 20;
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    @TempDir
    Path stateDir;

    @Test
    void throughputAndEventToFigureDelay() throws Exception {
        try (KafkaClusterTestKit cluster = startBroker()) {
            String bootstrap = cluster.bootstrapServers();
            createTopics(bootstrap);
            SyntheticCalls calls = new SyntheticCalls();
            Properties config = ShippedStreamsConfig.forBenchmark(bootstrap, stateDir);
            System.out.printf("BENCHMARK setup: exactly-once, commit every %s ms, %s stream threads, %d partitions,"
                            + " %d cores, load average %.1f%n",
                    ShippedStreamsConfig.effective(config, StreamsConfig.COMMIT_INTERVAL_MS_CONFIG),
                    ShippedStreamsConfig.effective(config, StreamsConfig.NUM_STREAM_THREADS_CONFIG), PARTITIONS,
                    Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

            // Phase 1: a backlog of complete calls, then the time Kafka Streams takes to turn it into figures.
            // Cold: a freshly started JVM and application, as after a restart; the JIT compiler is still at work.
            Backlog cold = Backlog.produce(bootstrap, calls, 0, CALLS);
            SkippedRecords skipped = new SkippedRecords();
            KafkaStreams streams = new KafkaStreams(AnalyticsTopology.build(
                    new BillingPolicy(Rounding.SECOND, Map.of()), skipped, RecordsSettings.DEFAULT,
                    new LocalRecordingStore(stateDir.resolve("recordings"))), config);
            StreamsProgress progress = new StreamsProgress(streams);
            try {
                long startup = System.nanoTime();
                streams.start();
                measure("cold backlog", cold, cold, progress);
                System.out.printf("BENCHMARK startup: first record processed %.1f s after start%n",
                        (cold.processingStart - startup) / 1e9);

                // Warm: the same application, paused while another backlog piles up, then resumed; what a running
                // analytics sustains, e.g. catching up after its input stalled. The JIT compiler is still busy in
                // the first rounds on a loaded machine, so the last round is the steady figure.
                Backlog total = cold;
                for (int round = 1; round <= WARM_ROUNDS; round++) {
                    streams.pause();
                    Backlog warm = Backlog.produce(bootstrap, calls, round * CALLS, (round + 1) * CALLS);
                    total = total.plus(warm);
                    streams.resume();
                    measure("warm backlog " + round, warm, total, progress);
                }
                assertEquals(total.calls, progress.endedCalls(), "every call billed exactly once");
                assertEquals(total.calls, progress.endedRateCalls(), "every call rated exactly once");
                assertEquals(0, skipped.count());
                printRocksDbMemory(streams, total.calls);

                // Phase 2: steady live traffic; how long until a CallEnded shows in the published tenant usage.
                DelayProbe probe = new DelayProbe(bootstrap, "probe");
                List<Long> delaysMs = probe.run(calls, Integer.getInteger("bench.rate", 2_000),
                        Integer.getInteger("bench.seconds", 20));
                List<Long> sorted = delaysMs.stream().sorted().collect(Collectors.toList());
                System.out.printf("BENCHMARK event-to-figure delay (CallEnded -> committed parley.usage record), "
                                + "%d probes under %d events/s: p50 %d ms, p95 %d ms, max %d ms%n", sorted.size(),
                        Integer.getInteger("bench.rate", 2_000), percentile(sorted, 0.50), percentile(sorted, 0.95),
                        sorted.get(sorted.size() - 1));
            } finally {
                streams.close();
                streams.cleanUp();
            }
        }
    }

    /**
     * Times one backlog from its first record processed until every figure covers it, and prints throughput and
     * CPU cost. {@code total} is everything sent so far, which the stores' sums must reach.
     */
    private static void measure(String label, Backlog backlog, Backlog total, StreamsProgress progress)
            throws InterruptedException {
        long processedBefore = progress.processedRecords();
        // Not before the first record: until then Kafka Streams joins the group, creates its internal topics and
        // initialises its transactions (a one-off cost of starting, printed apart), or is still paused.
        waitFor(() -> progress.processedRecords() > processedBefore, 60_000, 1);
        backlog.processingStart = System.nanoTime();
        long processCpuStart = ThreadCpu.processNanos();
        Map<String, Long> cpuStart = ThreadCpu.byRole();
        // Done when every call is billed and rated and every turn latency is in (or was dropped from) both window
        // sizes: all the figures, not only the ones that are ready first.
        waitFor(() -> progress.endedCalls() == total.calls && progress.endedRateCalls() == total.calls
                && progress.turnsIn(LatencyWindowSize.MINUTE) + progress.turnsIn(LatencyWindowSize.HOUR)
                + progress.droppedRecords() == 2 * total.turnLatencies, 600_000, 20);
        double seconds = (System.nanoTime() - backlog.processingStart) / 1e9;
        double processCpuSeconds = (ThreadCpu.processNanos() - processCpuStart) / 1e9;
        Map<String, Long> cpu = ThreadCpu.byRole();
        double streamCpuSeconds = (cpu.get(ThreadCpu.STREAM_THREADS) - cpuStart.get(ThreadCpu.STREAM_THREADS)) / 1e9;
        System.out.printf("BENCHMARK %s throughput: %.0f events/s (%d calls, %d events on 4 topics, in %.2f s)%n",
                label, backlog.events / seconds, backlog.calls, backlog.events, seconds);
        // On a shared machine wall-clock throughput depends on the neighbours; CPU time does not, so these say
        // what the topology costs per event. The process figure includes the in-process broker.
        System.out.printf("BENCHMARK %s cost: %.0f events per stream-thread CPU second (%.2f CPU s); %.0f events per"
                        + " process CPU second (%.2f CPU s, in-process broker included); load average %.1f%n", label,
                backlog.events / streamCpuSeconds, streamCpuSeconds, backlog.events / processCpuSeconds,
                processCpuSeconds, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        printCpuByRole(label, cpuStart, cpu, processCpuSeconds);
        System.out.printf("BENCHMARK %s latency windows: of %d turn latencies so far, %d are counted in 1 m windows"
                        + " and %d in 1 h windows; Kafka Streams dropped %d as past their window's grace%n", label,
                total.turnLatencies, progress.turnsIn(LatencyWindowSize.MINUTE),
                progress.turnsIn(LatencyWindowSize.HOUR), progress.droppedRecords());
    }

    /**
     * RocksDB's off-heap memory as its own metrics report it: with the shipped config setter every store reports the
     * one shared cache, whose usage includes the memtables charged to it.
     */
    private static void printRocksDbMemory(KafkaStreams streams, long calls) {
        long capacity = 0;
        long inUse = 0;
        long memtables = 0;
        int stores = 0;
        for (Map.Entry<MetricName, ? extends Metric> m : streams.metrics().entrySet()) {
            if (!(m.getValue().metricValue() instanceof BigInteger value) || value.signum() == 0) {
                continue;
            }
            switch (m.getKey().name()) {
                case "block-cache-capacity":
                    capacity = Math.max(capacity, value.longValue());
                    stores++;
                    break;
                case "block-cache-usage":
                    inUse = Math.max(inUse, value.longValue());
                    break;
                case "size-all-mem-tables":
                    memtables += value.longValue();
                    break;
                default:
            }
        }
        System.out.printf("BENCHMARK RocksDB off-heap after %d calls: %d open stores share a %d MiB block cache, %d MiB"
                + " in use, of which memtables %d MiB%n", calls, stores, capacity >> 20, inUse >> 20, memtables >> 20);
    }

    /** Calls sent to the event topics while analytics is not consuming them. */
    private static final class Backlog {
        final long calls;
        final long events;
        final long turnLatencies;
        long processingStart;

        private Backlog(long calls, long events, long turnLatencies) {
            this.calls = calls;
            this.events = events;
            this.turnLatencies = turnLatencies;
        }

        /** Calls {@code from} (inclusive) to {@code to}, one every 360 ms of event time from T0. */
        static Backlog produce(String bootstrap, SyntheticCalls calls, int from, int to) {
            long events = 0;
            long turnLatencies = 0;
            try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
                for (int i = from; i < to; i++) {
                    String callId = "call-" + i;
                    for (CallEvent event : calls.call("tenant-" + (i % TENANTS), callId, T0.plusMillis(i * 360L))) {
                        producer.send(new ProducerRecord<>(Topics.topicOf(event), callId, EventCodec.encode(event)));
                        events++;
                        turnLatencies += event instanceof TurnLatency ? 1 : 0;
                    }
                }
                producer.flush();
            }
            return new Backlog(to - from, events, turnLatencies);
        }

        Backlog plus(Backlog other) {
            return new Backlog(calls + other.calls, events + other.events, turnLatencies + other.turnLatencies);
        }
    }

    static final int PARTITIONS = 3;

    private static KafkaClusterTestKit startBroker() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return cluster;
    }

    private static void createTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(AnalyticsTopology.allTopics().stream()
                    .map(topic -> new NewTopic(topic, PARTITIONS, (short) 1))
                    .collect(Collectors.toList())).all().get();
        }
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.BATCH_SIZE_CONFIG, "131072"));
    }

    /** Where the process CPU of phase 1 went. */
    private static void printCpuByRole(String label, Map<String, Long> before, Map<String, Long> after,
                                       double processCpuSeconds) {
        StringBuilder line = new StringBuilder("BENCHMARK " + label + " process CPU by role:");
        double listed = 0;
        for (Map.Entry<String, Long> role : after.entrySet()) {
            double seconds = (role.getValue() - before.getOrDefault(role.getKey(), 0L)) / 1e9;
            listed += seconds;
            line.append(String.format(" %s %.2f s;", role.getKey(), seconds));
        }
        line.append(String.format(" other %.2f s", Math.max(0, processCpuSeconds - listed)));
        System.out.println(line);
    }

    static long percentile(List<Long> sorted, double q) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
    }

    private interface Condition {
        boolean holds();
    }

    private static void waitFor(Condition condition, long timeoutMs, long pollMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("benchmark condition not reached in " + timeoutMs + " ms");
            }
            Thread.sleep(pollMs);
        }
    }

    static CallEnded probeEnd(String tenant, String callId) {
        return new CallEnded(tenant, callId, Instant.now(), 1_000, "caller-hangup", 1, 1);
    }
}
