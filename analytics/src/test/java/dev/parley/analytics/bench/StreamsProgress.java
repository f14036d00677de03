package dev.parley.analytics.bench;

import dev.parley.analytics.billing.BillingTopology;
import dev.parley.analytics.billing.TenantUsage;
import dev.parley.analytics.latency.LatencyStats;
import dev.parley.analytics.latency.LatencyWindowSize;
import dev.parley.analytics.rates.RatesTopology;
import dev.parley.analytics.rates.TenantRates;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * What a running analytics topology has done so far, read from its stores and metrics.
 * Store sums count only the benchmark's {@code tenant-*} tenants (the delay probe uses another).
 */
final class StreamsProgress {
    private final KafkaStreams streams;

    StreamsProgress(KafkaStreams streams) {
        this.streams = streams;
    }

    long endedCalls() {
        return sum(BillingTopology.TENANT_USAGE_STORE, (TenantUsage usage) -> usage.calls());
    }

    long endedRateCalls() {
        return sum(RatesTopology.TENANT_RATES_STORE, (TenantRates rates) -> rates.endedCalls());
    }

    /** Turns counted in the windows of one size, over every tenant and window. */
    long turnsIn(LatencyWindowSize size) {
        try {
            ReadOnlyWindowStore<String, LatencyStats> store = streams.store(StoreQueryParameters.fromNameAndType(
                    size.storeName(), QueryableStoreTypes.<String, LatencyStats>windowStore()));
            long turns = 0;
            try (KeyValueIterator<Windowed<String>, LatencyStats> it = store.all()) {
                while (it.hasNext()) {
                    KeyValue<Windowed<String>, LatencyStats> window = it.next();
                    turns += window.key.key().startsWith("tenant-") ? window.value.turns() : 0;
                }
            }
            return turns;
        } catch (InvalidStateStoreException e) {
            return -1;
        }
    }

    /**
     * Records Kafka Streams dropped (task metric {@code dropped-records-total}): in this topology, turn latencies
     * that reached a window after its grace period had passed.
     */
    long droppedRecords() {
        return (long) metricSum("dropped-records-total", "stream-task-metrics");
    }

    /** Records the stream threads have handed to the topology, repartitioned ones included. */
    long processedRecords() {
        return (long) metricSum("process-total", "stream-thread-metrics");
    }

    private double metricSum(String name, String group) {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> metric : streams.metrics().entrySet()) {
            if (metric.getKey().name().equals(name) && metric.getKey().group().equals(group)) {
                total += ((Number) metric.getValue().metricValue()).doubleValue();
            }
        }
        return total;
    }

    private <V> long sum(String storeName, ToLongFunction<V> figure) {
        try {
            ReadOnlyKeyValueStore<String, V> store = streams.store(
                    StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore()));
            long total = 0;
            try (KeyValueIterator<String, V> it = store.all()) {
                while (it.hasNext()) {
                    KeyValue<String, V> entry = it.next();
                    total += entry.key.startsWith("tenant-") ? figure.applyAsLong(entry.value) : 0;
                }
            }
            return total;
        } catch (InvalidStateStoreException e) {
            return -1;
        }
    }
}
