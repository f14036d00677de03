package dev.parley.analytics.billing;

import dev.parley.analytics.ingest.CallEventDecoder;
import dev.parley.analytics.ingest.SkippedRecords;
import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Billing from the call lifecycle topic:
 * <pre>
 * parley.calls ─decode─▶ CallEnded ─▶ call-billing (call id → billed seconds)
 *                                          └─re-key by tenant─▶ tenant-usage (tenant → calls, billed seconds) ─▶ parley.usage
 * </pre>
 * The per-call table makes billing idempotent: a CallEnded seen twice replaces the call's figure, and the tenant
 * aggregate subtracts the old figure before adding the new one. Run with exactly-once processing, the stores and
 * the output topic move together.
 */
public final class BillingTopology {
    public static final String CALL_BILLING_STORE = "call-billing";
    public static final String TENANT_USAGE_STORE = "tenant-usage";
    /** Per-tenant usage after every change, keyed by tenant id, JSON {@link TenantUsage}. */
    public static final String USAGE_TOPIC = "parley.usage";

    static final Serde<CallBilling> CALL_BILLING_SERDE = JsonSerde.of(CallBilling.class);
    static final Serde<TenantUsage> TENANT_USAGE_SERDE = JsonSerde.of(TenantUsage.class);

    private BillingTopology() {
    }

    public static Topology build(BillingPolicy policy, SkippedRecords skipped) {
        CallEventDecoder decoder = new CallEventDecoder(Topics.CALLS, skipped);
        StreamsBuilder builder = new StreamsBuilder();

        KTable<String, CallBilling> calls = builder
                .stream(Topics.CALLS, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("call-events"))
                .flatMapValues(decoder::decode, Named.as("decode"))
                .filter((callId, event) -> event instanceof CallEnded, Named.as("ended-calls"))
                .mapValues(event -> CallBilling.of((CallEnded) event, policy.roundingFor(event.tenantId())),
                        Named.as("bill-call"))
                .toTable(Named.as("calls"), Materialized.<String, CallBilling, KeyValueStore<Bytes, byte[]>>as(
                                CALL_BILLING_STORE)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(CALL_BILLING_SERDE));

        calls.groupBy((callId, call) -> KeyValue.pair(call.tenantId(), call),
                        Grouped.with("calls-by-tenant", Serdes.String(), CALL_BILLING_SERDE))
                .aggregate(() -> TenantUsage.none(null),
                        (tenant, call, usage) -> usage.plus(tenant, call),
                        (tenant, call, usage) -> usage.minus(tenant, call),
                        Named.as("usage"),
                        Materialized.<String, TenantUsage, KeyValueStore<Bytes, byte[]>>as(TENANT_USAGE_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(TENANT_USAGE_SERDE))
                .toStream(Named.as("usage-changes"))
                .to(USAGE_TOPIC, Produced.with(Serdes.String(), TENANT_USAGE_SERDE).withName("usage-out"));

        return builder.build();
    }
}
