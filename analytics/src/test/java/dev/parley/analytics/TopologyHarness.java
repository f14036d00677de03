package dev.parley.analytics;

import dev.parley.analytics.billing.BillingPolicy;
import dev.parley.analytics.ingest.SkippedRecords;
import dev.parley.analytics.recordings.LocalRecordingStore;
import dev.parley.analytics.recordings.RecordingStore;
import dev.parley.analytics.records.RecordsSettings;
import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.EventCodec;
import dev.parley.contracts.events.Topics;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The whole analytics topology in a TopologyTestDriver, fed events on the topics the services publish them to. */
public final class TopologyHarness implements AutoCloseable {
    public static final String APPLICATION_ID = "parley-analytics-test";

    public final SkippedRecords skipped = new SkippedRecords();
    private final TopologyTestDriver driver;
    private final Map<String, TestInputTopic<String, byte[]>> inputs = new HashMap<>();

    public TopologyHarness(BillingPolicy policy, Path stateDir) {
        this(policy, stateDir, new Properties());
    }

    /** @param settings Kafka Streams settings on top of the harness's own */
    public TopologyHarness(BillingPolicy policy, Path stateDir, Properties settings) {
        this(policy, stateDir, settings, RecordsSettings.DEFAULT);
    }

    /** @param records retention of call records and how often it is enforced (on the driver's wall clock) */
    public TopologyHarness(BillingPolicy policy, Path stateDir, Properties settings, RecordsSettings records) {
        this(policy, stateDir, settings, records, new LocalRecordingStore(stateDir.resolve("recordings")));
    }

    /** @param recordings where erasures delete recordings */
    public TopologyHarness(BillingPolicy policy, Path stateDir, Properties settings, RecordsSettings records,
                           RecordingStore recordings) {
        Properties config = new Properties();
        config.putAll(settings);
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(AnalyticsTopology.build(policy, skipped, records, recordings), config);
        for (String topic : Topics.ALL) {
            inputs.put(topic, driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer()));
        }
    }

    /** Publishes the event the way the services do: on its topic, keyed by call id, stamped now. */
    public void send(CallEvent event) {
        sendRaw(Topics.topicOf(event), event.callId(), EventCodec.encode(event));
    }

    /** Publishes with an explicit record timestamp (when the event reached Kafka). */
    public void send(CallEvent event, Instant publishedAt) {
        inputs.get(Topics.topicOf(event)).pipeInput(event.callId(), EventCodec.encode(event), publishedAt);
    }

    /** Publishes with Kafka headers (e.g. {@code traceparent}), as the services' outbox does. */
    public void send(CallEvent event, Headers headers) {
        inputs.get(Topics.topicOf(event)).pipeInput(new TestRecord<>(event.callId(), EventCodec.encode(event),
                headers, event.timestamp()));
    }

    public void sendRaw(String topic, String key, byte[] value) {
        inputs.get(topic).pipeInput(key, value);
    }

    /** Any topic the topology reads, its own repartition topics too ({@code APPLICATION_ID-<name>-repartition}). */
    public void sendRaw(String topic, String key, byte[] value, Instant at) {
        inputs.computeIfAbsent(topic,
                t -> driver.createInputTopic(t, new StringSerializer(), new ByteArraySerializer()))
                .pipeInput(key, value, at);
    }

    @SuppressWarnings("unchecked")
    public <V> V value(String store, String key) {
        KeyValueStore<String, ValueAndTimestamp<Object>> kv = driver.getTimestampedKeyValueStore(store);
        ValueAndTimestamp<Object> value = kv.get(key);
        return value == null ? null : (V) value.value();
    }

    /** A value of a plain (not timestamped) key-value store, such as the call records'. */
    public <V> V kv(String store, String key) {
        KeyValueStore<String, V> kv = driver.getKeyValueStore(store);
        return kv.get(key);
    }

    /** Every entry of a plain key-value store, in key order. */
    public <V> List<KeyValue<String, V>> all(String store) {
        KeyValueStore<String, V> kv = driver.getKeyValueStore(store);
        List<KeyValue<String, V>> entries = new ArrayList<>();
        try (KeyValueIterator<String, V> it = kv.all()) {
            it.forEachRemaining(entries::add);
        }
        return entries;
    }

    /** Moves the driver's wall clock, firing wall-clock punctuations that fall due. */
    public void advanceWallClock(Duration by) {
        driver.advanceWallClockTime(by);
    }

    @SuppressWarnings("unchecked")
    public <V> V window(String store, String key, Instant windowStart) {
        WindowStore<String, ValueAndTimestamp<Object>> windows = driver.getTimestampedWindowStore(store);
        ValueAndTimestamp<Object> value = windows.fetch(key, windowStart.toEpochMilli());
        return value == null ? null : (V) value.value();
    }

    /** The value of every metric with this name (one per store, per segment, or per shared resource). */
    public List<Object> metricValues(String name) {
        return driver.metrics().entrySet().stream().filter(m -> m.getKey().name().equals(name))
                .map(m -> m.getValue().metricValue()).toList();
    }

    public <V> TestOutputTopic<String, V> output(String topic, Deserializer<V> values) {
        return driver.createOutputTopic(topic, new StringDeserializer(), values);
    }

    @Override
    public void close() {
        driver.close();
    }
}
