package dev.parley.analytics.latency;

import dev.parley.analytics.store.JsonSerde;
import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.TurnLatency;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;

import java.time.Instant;

/**
 * Latency per stage per tenant in tumbling windows of one minute and one hour:
 * <pre>
 * parley.latency ─TurnLatency at its event time─▶ by tenant ─┬─1 m windows─▶ latency-1m ─┐
 *                                                            └─1 h windows─▶ latency-1h ─┴▶ parley.latency-stats
 * </pre>
 * Windows follow when the turn happened, not when its event arrived: a turn delivered late from a publisher's
 * outbox still lands in its own minute (within the grace period).
 */
public final class LatencyTopology {
    /** Window figures after every change, keyed by tenant id, JSON {@link LatencyWindow}. */
    public static final String LATENCY_STATS_TOPIC = "parley.latency-stats";

    static final Serde<LatencyWindow> WINDOW_SERDE = JsonSerde.of(LatencyWindow.class);

    private LatencyTopology() {
    }

    public static void addTo(KStream<String, CallEvent> latencyEvents) {
        KGroupedStream<String, TurnStages> byTenant = latencyEvents
                .filter((callId, event) -> event instanceof TurnLatency, Named.as("turn-latencies"))
                .processValues(EventTime::new, Named.as("latency-event-time"))
                .map((callId, event) -> KeyValue.pair(event.tenantId(), TurnStages.of((TurnLatency) event)),
                        Named.as("latency-tenant"))
                .repartition(Repartitioned.with(Serdes.String(), TurnStages.SERDE).withName("latency-by-tenant"))
                .groupByKey();
        for (LatencyWindowSize size : LatencyWindowSize.values()) {
            byTenant.windowedBy(TimeWindows.ofSizeAndGrace(size.size(), size.grace()))
                    .aggregate(LatencyStats::new, (tenant, turn, stats) -> stats.add(turn),
                            Named.as(size.storeName() + "-aggregate"),
                            Materialized.<String, LatencyStats, WindowStore<Bytes, byte[]>>as(size.storeName())
                                    .withKeySerde(Serdes.String())
                                    .withValueSerde(LatencyStats.SERDE)
                                    .withRetention(size.retention()))
                    .toStream(Named.as(size.storeName() + "-changes"))
                    .filter((window, stats) -> stats != null, Named.as(size.storeName() + "-present"))
                    .map((window, stats) -> KeyValue.pair(window.key(), LatencyWindow.of(window.key(), size.label(),
                                    window.window().startTime(), window.window().endTime(), stats)),
                            Named.as(size.storeName() + "-figures"))
                    .to(LATENCY_STATS_TOPIC, Produced.with(Serdes.String(), WINDOW_SERDE)
                            .withName(size.storeName() + "-out"));
        }
    }

    /**
     * Stamps each record with its event's time, but never later than the record's own timestamp: an event cannot
     * happen after it was published, and a host clock running ahead must not close windows early.
     */
    static final class EventTime implements FixedKeyProcessor<String, CallEvent, CallEvent> {
        private FixedKeyProcessorContext<String, CallEvent> context;

        @Override
        public void init(FixedKeyProcessorContext<String, CallEvent> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, CallEvent> record) {
            Instant happened = record.value().timestamp();
            context.forward(record.withTimestamp(Math.min(happened.toEpochMilli(), record.timestamp())));
        }
    }
}
