package dev.parley.analytics;

import dev.parley.analytics.billing.BillingConfig;
import dev.parley.analytics.billing.BillingPolicy;
import dev.parley.analytics.ingest.SkippedRecords;
import dev.parley.analytics.recordings.RecordingStore;
import dev.parley.analytics.records.RecordsConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;

/** Hands the analytics topology to the Quarkus Kafka Streams extension, which runs it. */
@Singleton
public class AnalyticsTopologyProducer {

    @Produces
    @Singleton
    SkippedRecords skippedRecords(MeterRegistry registry) {
        SkippedRecords skipped = new SkippedRecords();
        FunctionCounter.builder("parley.analytics.skipped.records", skipped, SkippedRecords::count)
                .description("Input records that were not usable call events and were skipped")
                .register(registry);
        return skipped;
    }

    @Produces
    @Singleton
    Topology analyticsTopology(BillingConfig config, RecordsConfig records, RecordingStore recordings,
                               SkippedRecords skipped) {
        return AnalyticsTopology.build(BillingPolicy.fromConfig(config.defaultRounding(), config.rounding()), skipped,
                records.settings(), recordings);
    }
}
