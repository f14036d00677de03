package dev.parley.analytics.billing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.Map;
import java.util.Optional;

/**
 * Reads the billing state stores of this instance. While Kafka Streams is starting or rebalancing the stores
 * cannot be read: callers get 503 with Retry-After rather than a wrong (empty) answer.
 */
@ApplicationScoped
public class BillingStores {
    private final KafkaStreams streams;

    public BillingStores(KafkaStreams streams) {
        this.streams = streams;
    }

    public Optional<TenantUsage> usage(String tenantId) {
        return get(BillingTopology.TENANT_USAGE_STORE, tenantId);
    }

    public Optional<CallBilling> call(String callId) {
        return get(BillingTopology.CALL_BILLING_STORE, callId);
    }

    private <V> Optional<V> get(String storeName, String key) {
        try {
            ReadOnlyKeyValueStore<String, V> store = streams.store(
                    StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.keyValueStore()));
            return Optional.ofNullable(store.get(key));
        } catch (InvalidStateStoreException e) {
            throw new WebApplicationException(Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .header("Retry-After", "1")
                    .type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "billing state is not ready (" + streams.state() + ")"))
                    .build());
        }
    }
}
