package dev.parley.analytics.store;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.jboss.logging.Logger;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Puts every RocksDB store of this instance in one off-heap budget (Kafka Streams' "bounded memory" recipe): one block
 * cache shared by all stores, with their memtables charged to it. Without it each store, and each segment of a
 * windowed store, takes its own 50 MB cache and up to three 16 MB memtables, so off-heap memory grows with partitions
 * and standby copies until the container is killed. The budget is {@value #MEMORY_CONFIG} (bytes, default
 * {@value #DEFAULT_MEMORY_BYTES}); half of it may hold memtables, a tenth is kept for indexes and filters.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    private static final Logger LOG = Logger.getLogger(BoundedRocksDbMemory.class);

    public static final String MEMORY_CONFIG = "parley.rocksdb.memory.bytes";
    static final long DEFAULT_MEMORY_BYTES = 128L * 1024 * 1024;
    private static final double INDEX_AND_FILTER_SHARE = 0.1;

    /** One budget per configured size: the stores of one Kafka Streams instance share it. */
    private static final Map<Long, Budget> BUDGETS = new ConcurrentHashMap<>();

    private record Budget(Cache cache, WriteBufferManager memtables) {
        static Budget of(long bytes) {
            LOG.infof("RocksDB stores share %d MiB off-heap (%s)", bytes >> 20, MEMORY_CONFIG);
            RocksDB.loadLibrary();
            Cache cache = new LRUCache(bytes, -1, false, INDEX_AND_FILTER_SHARE);
            return new Budget(cache, new WriteBufferManager(bytes / 2, cache));
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Budget budget = BUDGETS.computeIfAbsent(memoryBytes(configs), Budget::of);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(budget.cache());
        // Indexes and filters count against the budget too, kept in its high-priority part so data blocks do not
        // evict them.
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(budget.memtables());
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store: they live as long as the instance.
    }

    static long memoryBytes(Map<String, Object> configs) {
        Object value = configs.get(MEMORY_CONFIG);
        if (value == null) {
            return DEFAULT_MEMORY_BYTES;
        }
        long bytes;
        try {
            bytes = Long.parseLong(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MEMORY_CONFIG + " must be a number of bytes, got '" + value + "'");
        }
        if (bytes < 1024 * 1024) {
            throw new IllegalArgumentException(MEMORY_CONFIG + " must be at least 1 MiB, got " + bytes);
        }
        return bytes;
    }
}
