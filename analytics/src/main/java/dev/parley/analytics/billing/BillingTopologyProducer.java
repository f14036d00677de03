package dev.parley.analytics.billing;

import dev.parley.analytics.ingest.SkippedRecords;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;

/** Hands the billing topology to the Quarkus Kafka Streams extension, which runs it. */
@Singleton
public class BillingTopologyProducer {

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
    Topology billingTopology(BillingConfig config, SkippedRecords skipped) {
        return BillingTopology.build(BillingPolicy.fromConfig(config.defaultRounding(), config.rounding()), skipped);
    }
}
