package dev.parley.analytics.store;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * This instance's active state stores, read only at the given partitions of each store: the partitions that the
 * assignment says are active here, or those a forwarding instance asked for. A partition that is not active here
 * (it moved in a rebalance) fails the read with 503 rather than leaving a silent gap in the answer.
 */
public final class LocalStores {
    private final KafkaStreams streams;
    private final StorePartitions partitions;

    LocalStores(KafkaStreams streams, StorePartitions partitions) {
        this.streams = streams;
        this.partitions = partitions;
    }

    /** The value of {@code key}, read at the store's partition(s) given here (one: the key's). */
    public <V> Optional<V> get(String storeName, String key) {
        for (int partition : partitionsOf(storeName)) {
            V value = guarded(storeName, partition,
                    () -> this.<V>keyValueStore(storeName, partition).get(key));
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** Every entry whose key starts with {@code prefix}, in no particular order across partitions. */
    public <V> List<KeyValue<String, V>> prefix(String storeName, String prefix) {
        List<KeyValue<String, V>> found = new ArrayList<>();
        for (int partition : partitionsOf(storeName)) {
            guarded(storeName, partition, () -> {
                try (KeyValueIterator<String, V> it = this.<V>keyValueStore(storeName, partition)
                        .prefixScan(prefix, new StringSerializer())) {
                    it.forEachRemaining(found::add);
                }
                return null;
            });
        }
        return found;
    }

    /**
     * Up to {@code limit} entries with keys in [from, to] whose value passes {@code keep}, in key order: each
     * partition's first {@code limit} matches, merged. Stops reading a partition at its limit, so a page of a long
     * list costs a page, not the list.
     */
    public <V> List<KeyValue<String, V>> range(String storeName, String from, String to, Predicate<V> keep,
                                               int limit) {
        List<KeyValue<String, V>> found = new ArrayList<>();
        for (int partition : partitionsOf(storeName)) {
            guarded(storeName, partition, () -> {
                int matched = 0;
                try (KeyValueIterator<String, V> it = this.<V>keyValueStore(storeName, partition).range(from, to)) {
                    while (matched < limit && it.hasNext()) {
                        KeyValue<String, V> entry = it.next();
                        if (keep.test(entry.value)) {
                            found.add(entry);
                            matched++;
                        }
                    }
                }
                return null;
            });
        }
        found.sort(Comparator.comparing(entry -> entry.key));
        return found.size() > limit ? new ArrayList<>(found.subList(0, limit)) : found;
    }

    /** Every key of a key-value store; for listing tenants, whose number is small. */
    public List<String> keys(String storeName) {
        List<String> keys = new ArrayList<>();
        for (int partition : partitionsOf(storeName)) {
            guarded(storeName, partition, () -> {
                try (KeyValueIterator<String, Object> it = this.keyValueStore(storeName, partition).all()) {
                    it.forEachRemaining(entry -> keys.add(entry.key));
                }
                return null;
            });
        }
        return keys;
    }

    /** Windows of {@code key} that start within [from, to], as (window start epoch ms, value), oldest first. */
    public <V> List<KeyValue<Long, V>> windows(String storeName, String key, Instant from, Instant to) {
        List<KeyValue<Long, V>> found = new ArrayList<>();
        for (int partition : partitionsOf(storeName)) {
            guarded(storeName, partition, () -> {
                ReadOnlyWindowStore<String, V> store = store(storeName, partition,
                        QueryableStoreTypes.<String, V>windowStore());
                try (WindowStoreIterator<V> it = store.fetch(key, from, to)) {
                    it.forEachRemaining(found::add);
                }
                return null;
            });
        }
        return found;
    }

    private Iterable<Integer> partitionsOf(String storeName) {
        if (!partitions.names(storeName)) {
            // A forwarded request that does not name a store it reads: not one analytics sent.
            throw StorePartitions.badRequest(StorePartitions.HEADER + " names no partitions of " + storeName);
        }
        return partitions.of(storeName);
    }

    private <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String storeName, int partition) {
        return store(storeName, partition, QueryableStoreTypes.keyValueStore());
    }

    private <S> S store(String storeName, int partition, QueryableStoreType<S> type) {
        // Active only (no stale stores): a standby may lag, and an answer must not depend on which copy was read.
        return streams.store(StoreQueryParameters.fromNameAndType(storeName, type).withPartition(partition));
    }

    private <T> T guarded(String storeName, int partition, Supplier<T> read) {
        try {
            return read.get();
        } catch (InvalidStateStoreException e) {
            throw notReady("partition " + partition + " of " + storeName + " is not active on this instance ("
                    + streams.state() + ")");
        }
    }

    /** 503 with Retry-After: starting, rebalancing, or an owner that is away; asking again shortly will do. */
    static WebApplicationException notReady(String why) {
        return new WebApplicationException(Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .header("Retry-After", "1")
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "analytics state is not ready: " + why))
                .build());
    }
}
