package dev.parley.analytics.ingest;

import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicLong;

/** Counts input records that are not usable call events; they are skipped, never allowed to stop processing. */
public final class SkippedRecords {
    private static final Logger LOG = Logger.getLogger(SkippedRecords.class);

    private final AtomicLong count = new AtomicLong();

    public void skip(String topic, String key, String why) {
        long n = count.incrementAndGet();
        // The first one and then one in a hundred: a flood of bad records must not flood the log too.
        if (n == 1 || n % 100 == 0) {
            LOG.warnf("skipped record %d on %s (key %s): %s", n, topic, key, why);
        }
    }

    public long count() {
        return count.get();
    }
}
