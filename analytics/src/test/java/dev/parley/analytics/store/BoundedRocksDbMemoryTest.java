package dev.parley.analytics.store;

import dev.parley.analytics.TopologyHarness;
import dev.parley.analytics.billing.BillingPolicy;
import dev.parley.analytics.billing.Rounding;
import dev.parley.analytics.rates.RatesTopology;
import dev.parley.analytics.rates.TenantRates;
import dev.parley.contracts.events.BargeIn;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole topology's RocksDB stores under the shipped memory bound, read from Kafka Streams' own RocksDB metrics. */
class BoundedRocksDbMemoryTest {

    static final BillingPolicy POLICY = new BillingPolicy(Rounding.SECOND, Map.of());
    static final long DEFAULT_STORE_CACHE = 50L * 1024 * 1024;

    @TempDir
    Path stateDir;

    /** Per store; a windowed store reports 0 until its first segment opens, and is left out. */
    static List<Long> blockCacheCapacities(TopologyHarness topology) {
        return topology.metricValues("block-cache-capacity").stream()
                .map(v -> ((BigInteger) v).longValue()).filter(c -> c > 0).toList();
    }

    @Test
    void everyStoreSharesOneCacheOfTheConfiguredSize() {
        Properties bounded = new Properties();
        bounded.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        bounded.put(BoundedRocksDbMemory.MEMORY_CONFIG, String.valueOf(24L * 1024 * 1024));
        try (TopologyHarness topology = new TopologyHarness(POLICY, stateDir, bounded)) {
            topology.send(new BargeIn("acme", "c-1", Instant.parse("2026-11-21T10:00:00Z"), 2, "I can", false));
            List<Long> capacities = blockCacheCapacities(topology);
            assertTrue(capacities.size() > 5, "a metric per store: " + capacities);
            assertTrue(capacities.stream().allMatch(c -> c == 24L * 1024 * 1024), capacities.toString());
            TenantRates rates = topology.value(RatesTopology.TENANT_RATES_STORE, "acme");
            assertNotNull(rates, "the stores work under the bound");
        }
    }

    @Test
    void withoutItEachStoreHasItsOwnCache() {
        try (TopologyHarness topology = new TopologyHarness(POLICY, stateDir)) {
            List<Long> capacities = blockCacheCapacities(topology);
            assertTrue(capacities.size() > 5, "a metric per store: " + capacities);
            assertTrue(capacities.stream().allMatch(c -> c == DEFAULT_STORE_CACHE), capacities.toString());
        }
    }

    @Test
    void aBudgetThatIsNotANumberOrTooSmallIsAClearError() {
        assertEquals(BoundedRocksDbMemory.DEFAULT_MEMORY_BYTES, BoundedRocksDbMemory.memoryBytes(Map.of()));
        assertEquals(64L << 20, BoundedRocksDbMemory.memoryBytes(Map.of(BoundedRocksDbMemory.MEMORY_CONFIG, "67108864")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BoundedRocksDbMemory.memoryBytes(Map.of(BoundedRocksDbMemory.MEMORY_CONFIG, "128MB")));
        assertEquals("parley.rocksdb.memory.bytes must be a number of bytes, got '128MB'", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> BoundedRocksDbMemory.memoryBytes(Map.of(BoundedRocksDbMemory.MEMORY_CONFIG, "4096")));
    }
}
