package dev.parley.analytics.rates;

import dev.parley.analytics.billing.TenantPeriodKey;
import dev.parley.analytics.billing.UsagePeriod;
import dev.parley.analytics.store.JsonSerde;
import dev.parley.contracts.events.CallEvent;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;

/**
 * Conversation rates per tenant from the call, turn and engine topics:
 * <pre>
 * parley.calls ┐
 * parley.turns ├─merge─▶ call-facts (call id → turn ids, barge-ins, fallbacks, transfer, end)
 * parley.engines┘          ├─by tenant───────▶ tenant-rates ─▶ parley.rates
 *                          └─by tenant + day─▶ tenant-rates-daily
 * </pre>
 * The merge needs no repartition: every topic is keyed by call id with the same partition count.
 */
public final class RatesTopology {
    public static final String CALL_FACTS_STORE = "call-facts";
    public static final String TENANT_RATES_STORE = "tenant-rates";
    public static final String TENANT_RATES_DAILY_STORE = "tenant-rates-daily";
    /** All-time rates after every change, keyed by tenant id, JSON {@link TenantRates}. */
    public static final String RATES_TOPIC = "parley.rates";

    public static final Serde<CallFacts> CALL_FACTS_SERDE = JsonSerde.of(CallFacts.class);
    static final Serde<CallContribution> CONTRIBUTION_SERDE = JsonSerde.of(CallContribution.class);
    public static final Serde<TenantRates> TENANT_RATES_SERDE = JsonSerde.of(TenantRates.class);

    private RatesTopology() {
    }

    public static void addTo(KStream<String, CallEvent> calls, KStream<String, CallEvent> turns,
                             KStream<String, CallEvent> engines) {
        KTable<String, CallFacts> facts = calls.merge(turns, Named.as("calls-and-turns"))
                .merge(engines, Named.as("call-and-engine-events"))
                .filter((callId, event) -> CallFacts.matters(event), Named.as("rate-events"))
                .groupByKey()
                .aggregate(CallFacts::new, (callId, event, call) -> call.apply(event), Named.as("call-facts"),
                        Materialized.<String, CallFacts, KeyValueStore<Bytes, byte[]>>as(CALL_FACTS_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(CALL_FACTS_SERDE));

        KTable<String, CallContribution> contributions = facts.mapValues(
                call -> CallContribution.of(call, dayOf(call)), Named.as("call-contributions"));

        contributions.groupBy((callId, call) -> KeyValue.pair(call.tenantId(), call),
                        Grouped.with("contributions-by-tenant", Serdes.String(), CONTRIBUTION_SERDE))
                .aggregate(() -> TenantRates.none(null, TenantRates.ALL_TIME),
                        (tenant, call, rates) -> rates.plus(tenant, TenantRates.ALL_TIME, call),
                        (tenant, call, rates) -> rates.minus(tenant, TenantRates.ALL_TIME, call),
                        Named.as("rates"),
                        Materialized.<String, TenantRates, KeyValueStore<Bytes, byte[]>>as(TENANT_RATES_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(TENANT_RATES_SERDE))
                .toStream(Named.as("rates-changes"))
                .to(RATES_TOPIC, Produced.with(Serdes.String(), TENANT_RATES_SERDE).withName("rates-out"));

        contributions.groupBy((callId, call) -> KeyValue.pair(TenantPeriodKey.of(call.tenantId(), call.day()), call),
                        Grouped.with("contributions-by-tenant-day", Serdes.String(), CONTRIBUTION_SERDE))
                .aggregate(() -> TenantRates.none(null, null),
                        (key, call, rates) -> rates.plus(TenantPeriodKey.tenant(key), TenantPeriodKey.period(key),
                                call),
                        (key, call, rates) -> rates.minus(TenantPeriodKey.tenant(key),
                                TenantPeriodKey.period(key), call),
                        Named.as("rates-daily"),
                        Materialized.<String, TenantRates, KeyValueStore<Bytes, byte[]>>as(TENANT_RATES_DAILY_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(TENANT_RATES_SERDE));
    }

    private static String dayOf(CallFacts call) {
        return UsagePeriod.DAY.of(Instant.ofEpochMilli(call.firstEventMs()));
    }
}
