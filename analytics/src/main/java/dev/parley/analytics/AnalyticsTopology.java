package dev.parley.analytics;

import dev.parley.analytics.billing.BillingPolicy;
import dev.parley.analytics.billing.BillingTopology;
import dev.parley.analytics.ingest.DecodedEvents;
import dev.parley.analytics.ingest.SkippedRecords;
import dev.parley.analytics.latency.LatencyTopology;
import dev.parley.analytics.rates.RatesTopology;
import dev.parley.analytics.recordings.RecordingStore;
import dev.parley.analytics.records.CallRecordsTopology;
import dev.parley.analytics.records.RecordsSettings;
import dev.parley.contracts.events.Topics;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

import java.util.ArrayList;
import java.util.List;

/**
 * The one Kafka Streams topology of analytics: the event topics decoded once, then billing, conversation rates,
 * latency percentiles and call records side by side. One application id, one exactly-once transaction per commit
 * across all of them.
 */
public final class AnalyticsTopology {
    /** Topics analytics writes; created with the inputs if missing. */
    public static final List<String> OUTPUT_TOPICS = List.of(BillingTopology.USAGE_TOPIC, RatesTopology.RATES_TOPIC,
            LatencyTopology.LATENCY_STATS_TOPIC);

    private AnalyticsTopology() {
    }

    /** @param recordings the call recordings, deleted with a call's record when it is erased */
    public static Topology build(BillingPolicy policy, SkippedRecords skipped, RecordsSettings records,
                                 RecordingStore recordings) {
        StreamsBuilder builder = new StreamsBuilder();
        DecodedEvents events = DecodedEvents.from(builder, skipped);
        BillingTopology.addTo(events.calls(), policy);
        RatesTopology.addTo(events.calls(), events.turns(), events.engines());
        LatencyTopology.addTo(events.latency());
        // Last: processors and stores added before keep the names Kafka Streams derived for them.
        CallRecordsTopology.addTo(builder, events, records, recordings, skipped);
        return builder.build();
    }

    /** Every topic the topology reads or writes. */
    public static List<String> allTopics() {
        List<String> topics = new ArrayList<>(Topics.ALL);
        topics.add(CallRecordsTopology.ERASURES_TOPIC);
        topics.addAll(OUTPUT_TOPICS);
        return List.copyOf(topics);
    }
}
