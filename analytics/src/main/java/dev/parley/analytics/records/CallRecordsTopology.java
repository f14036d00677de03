package dev.parley.analytics.records;

import dev.parley.analytics.ingest.DecodedEvents;
import dev.parley.analytics.recordings.RecordingStore;
import dev.parley.analytics.ingest.SkippedRecords;
import dev.parley.analytics.store.JsonSerde;
import dev.parley.contracts.events.CallEvent;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.util.List;

/**
 * Call records for operators, from every event topic plus erasure requests:
 * <pre>
 * parley.calls ┐
 * parley.turns ├─merge─▶ call-records (call id → record) ─┬─ call-records-by-tenant (tenant|newest first|call)
 * parley.latency│                                        ├─ call-records-expiry (start|call)
 * parley.engines┘                                        └─ call-records-erased (call id → erasure)
 * parley.call-erasures ─┘
 * </pre>
 * Keyed by call id like the topics (same partition count, no repartition), so a call's record, its index entries
 * and its billing live in one task. The stores are changelogged key-value stores; retention is enforced by a
 * wall-clock punctuator that deletes what is older than {@link RecordsSettings#retention()} (a windowed store
 * cannot express "delete this call now" for erasure, and a call's record is updated long after its first event).
 */
public final class CallRecordsTopology {
    public static final String CALL_RECORDS_STORE = "call-records";
    public static final String CALL_INDEX_STORE = "call-records-by-tenant";
    public static final String CALL_EXPIRY_STORE = "call-records-expiry";
    public static final String ERASED_STORE = "call-records-erased";
    /** Erasure requests from {@code DELETE /tenants/{t}/calls/{id}}, keyed by call id, JSON {@link ErasureRequest}. */
    public static final String ERASURES_TOPIC = "parley.call-erasures";

    public static final Serde<CallRecord> RECORD_SERDE = JsonSerde.of(CallRecord.class);
    public static final Serde<CallSummary> SUMMARY_SERDE = JsonSerde.of(CallSummary.class);
    public static final Serde<ErasureRequest> ERASURE_SERDE = JsonSerde.of(ErasureRequest.class);

    private CallRecordsTopology() {
    }

    /** @param recordings where an erasure deletes the call's recording too */
    public static void addTo(StreamsBuilder builder, DecodedEvents events, RecordsSettings settings,
                             RecordingStore recordings, SkippedRecords skipped) {
        builder.addStateStore(store(CALL_RECORDS_STORE, RECORD_SERDE));
        builder.addStateStore(store(CALL_INDEX_STORE, SUMMARY_SERDE));
        builder.addStateStore(store(CALL_EXPIRY_STORE, Serdes.String()));
        builder.addStateStore(store(ERASED_STORE, ERASURE_SERDE));

        KStream<String, Object> callEvents = events.calls()
                .merge(events.turns(), Named.as("records-calls-turns"))
                .merge(events.latency(), Named.as("records-with-latency"))
                .merge(events.engines(), Named.as("records-with-engines"))
                .mapValues(event -> (Object) event, Named.as("records-events"));
        KStream<String, Object> erasures = builder.stream(ERASURES_TOPIC,
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("erasure-requests"))
                .flatMapValues((callId, value) -> decodeErasure(callId, value, skipped), Named.as("decode-erasures"));
        callEvents.merge(erasures, Named.as("records-input"))
                .process(() -> new CallRecordProcessor(settings, recordings), Named.as("call-records-fold"),
                        CALL_RECORDS_STORE, CALL_INDEX_STORE, CALL_EXPIRY_STORE, ERASED_STORE);
    }

    private static List<Object> decodeErasure(String callId, byte[] value, SkippedRecords skipped) {
        try {
            ErasureRequest request = value == null ? null : ERASURE_SERDE.deserializer().deserialize(null, value);
            if (request != null && request.tenantId() != null && callId != null && callId.equals(request.callId())
                    && request.requestedAt() != null) {
                return List.of(request);
            }
        } catch (SerializationException e) {
            // counted below
        }
        skipped.skip(ERASURES_TOPIC, callId, "not an erasure request");
        return List.of();
    }

    private static <V> StoreBuilder<?> store(String name, Serde<V> values) {
        // Cached: a call's record changes with every event; the cache merges a commit interval's changes.
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values)
                .withCachingEnabled();
    }
}
