package dev.parley.analytics.bench;

import dev.parley.analytics.billing.BillingTopology;
import dev.parley.analytics.billing.TenantUsage;
import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.EventCodec;
import dev.parley.contracts.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Sends steady live traffic and, ten times a second, the end of a call of a probe tenant; a consumer of the
 * committed {@code parley.usage} records notes when the probe tenant's call count first covers each probe. The
 * difference is the delay an operator sees between a call ending and its figure being published.
 */
final class DelayProbe {
    private final String bootstrap;
    private final String tenant;
    private final Map<Long, Long> sentNanos = new ConcurrentHashMap<>();
    private final Map<Long, Long> seenNanos = new ConcurrentHashMap<>();

    DelayProbe(String bootstrap, String tenant) {
        this.bootstrap = bootstrap;
        this.tenant = tenant;
    }

    List<Long> run(SyntheticCalls calls, int eventsPerSecond, int seconds) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        Thread reader = new Thread(() -> read(stop), "delay-probe-reader");
        reader.start();
        Thread.sleep(1_000);
        Deque<CallEvent> load = new ArrayDeque<>();
        long probes = 0;
        int liveCalls = 0;
        try (KafkaProducer<String, byte[]> producer = AnalyticsBenchmark.producer(bootstrap)) {
            long start = System.nanoTime();
            long tick = 0;
            while (System.nanoTime() - start < seconds * 1_000_000_000L) {
                for (int i = 0; i < eventsPerSecond / 100; i++) {
                    if (load.isEmpty()) {
                        load.addAll(calls.call("tenant-" + (liveCalls % 20), "live-" + liveCalls, Instant.now()));
                        liveCalls++;
                    }
                    CallEvent event = load.poll();
                    producer.send(new ProducerRecord<>(Topics.topicOf(event), event.callId(),
                            EventCodec.encode(event)));
                }
                if (tick % 10 == 0) {
                    probes++;
                    String callId = "probe-" + probes;
                    sentNanos.put(probes, System.nanoTime());
                    producer.send(new ProducerRecord<>(Topics.CALLS, callId,
                            EventCodec.encode(AnalyticsBenchmark.probeEnd(tenant, callId))));
                }
                tick++;
                long next = start + tick * 10_000_000L;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (seenNanos.size() < probes && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        stop.set(true);
        reader.join();
        List<Long> delays = new ArrayList<>();
        sentNanos.forEach((k, sent) -> {
            Long seen = seenNanos.get(k);
            if (seen != null) {
                delays.add((seen - sent) / 1_000_000);
            }
        });
        if (delays.size() < probes) {
            System.out.printf("BENCHMARK %d of %d probes never showed up%n", probes - delays.size(), probes);
        }
        return delays.stream().sorted().collect(Collectors.toList());
    }

    private void read(AtomicBoolean stop) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(BillingTopology.USAGE_TOPIC).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            long covered = 0;
            while (!stop.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                    if (!tenant.equals(record.key())) {
                        continue;
                    }
                    long now = System.nanoTime();
                    TenantUsage usage = BillingTopology.TENANT_USAGE_SERDE.deserializer()
                            .deserialize(record.topic(), record.value());
                    for (long k = covered + 1; k <= usage.calls(); k++) {
                        seenNanos.put(k, now);
                    }
                    covered = Math.max(covered, usage.calls());
                }
            }
        }
    }
}
