package dev.parley.analytics.store;

import dev.parley.analytics.AnalyticsTopology;
import dev.parley.analytics.billing.BillingPolicy;
import dev.parley.analytics.billing.BillingTopology;
import dev.parley.analytics.billing.Rounding;
import dev.parley.analytics.ingest.SkippedRecords;
import dev.parley.analytics.latency.LatencyWindowSize;
import dev.parley.analytics.rates.RatesTopology;
import dev.parley.analytics.recordings.LocalRecordingStore;
import dev.parley.analytics.records.RecordsSettings;
import dev.parley.contracts.events.Topics;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A store's partitions are found in the assignment by the topics of its sub-topology. */
class StoreAssignmentTest {
    private final Map<String, Set<String>> topics = StoreAssignment.sourceTopics(
            AnalyticsTopology.build(new BillingPolicy(Rounding.SECOND, Map.of()), new SkippedRecords(),
                    RecordsSettings.DEFAULT, new LocalRecordingStore(Path.of("target/recordings-unused"))), "app");

    @Test
    void perCallStoresAreAtTheEventTopicsPartitions() {
        assertTrue(topics.get(BillingTopology.CALL_BILLING_STORE).contains(Topics.CALLS));
        assertTrue(topics.get(RatesTopology.CALL_FACTS_STORE).containsAll(Set.of(Topics.CALLS, Topics.TURNS,
                Topics.ENGINES)));
    }

    @Test
    void perTenantStoresAreAtTheirRepartitionTopicsPartitions() {
        assertTrue(topics.get(BillingTopology.TENANT_DAILY_STORE).contains("app-calls-by-tenant-day-repartition"),
                topics.toString());
        assertTrue(topics.get(RatesTopology.TENANT_RATES_DAILY_STORE)
                .contains("app-contributions-by-tenant-day-repartition"), topics.toString());
        assertEquals(topics.get(LatencyWindowSize.MINUTE.storeName()), topics.get(LatencyWindowSize.HOUR.storeName()));
        assertTrue(topics.get(LatencyWindowSize.MINUTE.storeName()).contains("app-latency-by-tenant-repartition"));
    }

    @Test
    void everyQueriedStoreIsFound() {
        for (String store : Set.of(BillingTopology.CALL_BILLING_STORE, BillingTopology.TENANT_USAGE_STORE,
                BillingTopology.TENANT_DAILY_STORE, BillingTopology.TENANT_MONTHLY_STORE,
                RatesTopology.TENANT_RATES_STORE, RatesTopology.TENANT_RATES_DAILY_STORE,
                LatencyWindowSize.MINUTE.storeName(), LatencyWindowSize.HOUR.storeName())) {
            assertTrue(topics.containsKey(store), store);
        }
    }
}
