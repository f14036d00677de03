package dev.parley.analytics.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads this instance's state stores for the REST resources. While Kafka Streams is starting or rebalancing the
 * stores cannot be read: callers get 503 with Retry-After rather than a wrong (empty) answer.
 */
@ApplicationScoped
public class StateStores {
    private final KafkaStreams streams;

    public StateStores(KafkaStreams streams) {
        this.streams = streams;
    }

    public <V> Optional<V> get(String storeName, String key) {
        return guarded(() -> Optional.ofNullable(this.<V>keyValueStore(storeName).get(key)));
    }

    /** Every entry whose key starts with {@code prefix}, in no particular order across partitions. */
    public <V> List<KeyValue<String, V>> prefix(String storeName, String prefix) {
        return guarded(() -> {
            List<KeyValue<String, V>> found = new ArrayList<>();
            try (KeyValueIterator<String, V> it = this.<V>keyValueStore(storeName)
                    .prefixScan(prefix, new StringSerializer())) {
                it.forEachRemaining(found::add);
            }
            return found;
        });
    }

    /** Every key of a key-value store; for listing tenants, whose number is small. */
    public List<String> keys(String storeName) {
        return guarded(() -> {
            List<String> keys = new ArrayList<>();
            try (KeyValueIterator<String, Object> it = this.<Object>keyValueStore(storeName).all()) {
                it.forEachRemaining(entry -> keys.add(entry.key));
            }
            return keys;
        });
    }

    /** Windows of {@code key} that start within [from, to], as (window start epoch ms, value), oldest first. */
    public <V> List<KeyValue<Long, V>> windows(String storeName, String key, Instant from, Instant to) {
        return guarded(() -> {
            ReadOnlyWindowStore<String, V> store = streams.store(
                    StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, V>windowStore()));
            List<KeyValue<Long, V>> found = new ArrayList<>();
            try (WindowStoreIterator<V> it = store.fetch(key, from, to)) {
                it.forEachRemaining(found::add);
            }
            return found;
        });
    }

    private <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String storeName) {
        return streams.store(StoreQueryParameters.fromNameAndType(storeName,
                QueryableStoreTypes.<String, V>keyValueStore()));
    }

    private <T> T guarded(Supplier<T> read) {
        try {
            return read.get();
        } catch (InvalidStateStoreException e) {
            throw new WebApplicationException(Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .header("Retry-After", "1")
                    .type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "analytics state is not ready (" + streams.state() + ")"))
                    .build());
        }
    }
}
