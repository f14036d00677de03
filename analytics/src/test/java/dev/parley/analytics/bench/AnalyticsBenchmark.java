package dev.parley.analytics.bench;

import dev.parley.analytics.AnalyticsTopology;
import dev.parley.analytics.billing.BillingPolicy;
import dev.parley.analytics.billing.BillingTopology;
import dev.parley.analytics.billing.Rounding;
import dev.parley.analytics.billing.TenantUsage;
import dev.parley.analytics.ingest.SkippedRecords;
import dev.parley.analytics.rates.RatesTopology;
import dev.parley.analytics.rates.TenantRates;
import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.EventCodec;
import dev.parley.contracts.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Throughput and event-to-figure delay of the whole analytics topology on a real in-process KRaft broker, with
 * exactly-once processing as in production. Excluded from the default build; run it with
 * {@code mvn test -Dbenchmark.excluded=none -Dgroups=benchmark} (sizes: {@code -Dbench.calls=10000}).
 * It prints its figures; it asserts only that every call was counted exactly once, never a timing.
 */
@Tag("benchmark")
class AnalyticsBenchmark {
    private static final int CALLS = Integer.getInteger("bench.calls", 10_000);
    private static final int TENANTS = 20;
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    @TempDir
    Path stateDir;

    @Test
    void throughputAndEventToFigureDelay() throws Exception {
        try (KafkaClusterTestKit cluster = startBroker()) {
            String bootstrap = cluster.bootstrapServers();
            createTopics(bootstrap);

            // Phase 1: a backlog of complete calls, then the time Kafka Streams takes to turn it into figures.
            SyntheticCalls calls = new SyntheticCalls();
            long events = 0;
            try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
                for (int i = 0; i < CALLS; i++) {
                    String callId = "call-" + i;
                    for (CallEvent event : calls.call("tenant-" + (i % TENANTS), callId, T0.plusMillis(i * 360L))) {
                        producer.send(new ProducerRecord<>(Topics.topicOf(event), callId, EventCodec.encode(event)));
                        events++;
                    }
                }
                producer.flush();
            }
            System.out.printf("BENCHMARK backlog: %d calls, %d events on 4 topics%n", CALLS, events);

            SkippedRecords skipped = new SkippedRecords();
            KafkaStreams streams = new KafkaStreams(AnalyticsTopology.build(
                    new BillingPolicy(Rounding.SECOND, Map.of()), skipped), streamsConfig(bootstrap));
            try {
                streams.start();
                waitFor(() -> streams.state() == KafkaStreams.State.RUNNING, 60_000);
                long start = System.nanoTime();
                long cpuStart = streamThreadsCpuNanos();
                waitFor(() -> endedCalls(streams) == CALLS && endedRateCalls(streams) == CALLS, 600_000);
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuSeconds = (streamThreadsCpuNanos() - cpuStart) / 1e9;
                System.out.printf("BENCHMARK throughput: %.0f events/s (%d events in %.2f s, exactly-once, "
                        + "commit every %d ms, %d partitions, %d stream threads)%n", events / seconds, events, seconds, COMMIT_MS,
                        PARTITIONS, THREADS);
                // On a shared machine wall-clock throughput depends on the neighbours; CPU time of the stream
                // threads does not, so this second figure says what the topology costs per event.
                System.out.printf("BENCHMARK cost: %.0f events per stream-thread CPU second (%.2f CPU s; %d cores,"
                                + " load average %.1f)%n", events / cpuSeconds, cpuSeconds,
                        Runtime.getRuntime().availableProcessors(),
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                assertEquals(CALLS, endedCalls(streams), "every call billed exactly once");
                assertEquals(0, skipped.count());

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

    static final int PARTITIONS = 3;
    static final int THREADS = Integer.getInteger("bench.threads", 2);
    /** As in application.properties: each commit is a transaction, so this trades throughput for delay. */
    static final int COMMIT_MS = Integer.getInteger("bench.commit.ms", 100);

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

    private Properties streamsConfig(String bootstrap) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "parley-analytics-bench");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_MS);
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, THREADS);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return config;
    }

    private static long endedCalls(KafkaStreams streams) {
        return sum(streams, BillingTopology.TENANT_USAGE_STORE, (TenantUsage usage) -> usage.calls());
    }

    private static long endedRateCalls(KafkaStreams streams) {
        return sum(streams, RatesTopology.TENANT_RATES_STORE, (TenantRates rates) -> rates.endedCalls());
    }

    private static <V> long sum(KafkaStreams streams, String store, java.util.function.ToLongFunction<V> figure) {
        try {
            ReadOnlyKeyValueStore<String, V> kv = streams.store(
                    StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore()));
            long total = 0;
            try (KeyValueIterator<String, V> it = kv.all()) {
                while (it.hasNext()) {
                    String tenant = it.peekNextKey();
                    V value = it.next().value;
                    total += tenant.startsWith("tenant-") ? figure.applyAsLong(value) : 0;
                }
            }
            return total;
        } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
            return -1;
        }
    }

    /** CPU time used so far by the Kafka Streams processing threads (alive ones: they live for the whole run). */
    private static long streamThreadsCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("StreamThread")
                    && !info.getThreadName().contains("producer")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    static long percentile(List<Long> sorted, double q) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
    }

    private interface Condition {
        boolean holds();
    }

    private static void waitFor(Condition condition, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("benchmark condition not reached in " + timeoutMs + " ms");
            }
            Thread.sleep(20);
        }
    }

    static CallEnded probeEnd(String tenant, String callId) {
        return new CallEnded(tenant, callId, Instant.now(), 1_000, "caller-hangup", 1, 1);
    }
}
