package dev.parley.analytics.billing;

import dev.parley.analytics.store.JsonSerde;
import dev.parley.contracts.events.CallEnded;
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

/**
 * Billing from the call lifecycle topic:
 * <pre>
 * parley.calls ─decode─▶ CallEnded ─▶ call-billing (call id → billed seconds)
 *                                          ├─by tenant─────────▶ tenant-usage ─▶ parley.usage
 *                                          ├─by tenant + day───▶ tenant-usage-daily
 *                                          └─by tenant + month─▶ tenant-usage-monthly
 * </pre>
 * The per-call table makes billing idempotent: a CallEnded seen twice replaces the call's figure, and every
 * aggregate subtracts the old figure before adding the new one. Days and months are calendar periods in UTC
 * (fixed-size windows cannot express months), keyed {@code tenant|period} in plain tables, so a late CallEnded
 * still lands in its own period and nothing expires before it is invoiced. Run with exactly-once processing, the
 * stores and the output topic move together.
 */
public final class BillingTopology {
    public static final String CALL_BILLING_STORE = "call-billing";
    public static final String TENANT_USAGE_STORE = "tenant-usage";
    public static final String TENANT_DAILY_STORE = "tenant-usage-daily";
    public static final String TENANT_MONTHLY_STORE = "tenant-usage-monthly";
    /** Per-tenant usage after every change, keyed by tenant id, JSON {@link TenantUsage}. */
    public static final String USAGE_TOPIC = "parley.usage";

    public static final Serde<CallBilling> CALL_BILLING_SERDE = JsonSerde.of(CallBilling.class);
    public static final Serde<TenantUsage> TENANT_USAGE_SERDE = JsonSerde.of(TenantUsage.class);
    public static final Serde<PeriodUsage> PERIOD_USAGE_SERDE = JsonSerde.of(PeriodUsage.class);

    private BillingTopology() {
    }

    public static void addTo(KStream<String, CallEvent> callEvents, BillingPolicy policy) {
        KTable<String, CallBilling> calls = callEvents
                .filter((callId, event) -> event instanceof CallEnded, Named.as("ended-calls"))
                .mapValues(event -> CallBilling.of((CallEnded) event, policy.roundingFor(event.tenantId())),
                        Named.as("bill-call"))
                // Not cached: a call is billed once, so a cache has nothing to merge here, and its entries (one
                // per call, never read again) would crowd the per-tenant figures out of the shared record cache.
                .toTable(Named.as("calls"), Materialized.<String, CallBilling, KeyValueStore<Bytes, byte[]>>as(
                                CALL_BILLING_STORE)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(CALL_BILLING_SERDE)
                        .withCachingDisabled());

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

        perPeriod(calls, UsagePeriod.DAY, TENANT_DAILY_STORE);
        perPeriod(calls, UsagePeriod.MONTH, TENANT_MONTHLY_STORE);
    }

    private static void perPeriod(KTable<String, CallBilling> calls, UsagePeriod period, String storeName) {
        String name = period.name().toLowerCase();
        calls.groupBy((callId, call) -> KeyValue.pair(TenantPeriodKey.of(call.tenantId(), period.of(call.endedAt())),
                                call),
                        Grouped.with("calls-by-tenant-" + name, Serdes.String(), CALL_BILLING_SERDE))
                .aggregate(() -> PeriodUsage.none(null, null),
                        (key, call, usage) -> usage.plus(key, call),
                        (key, call, usage) -> usage.minus(key, call),
                        Named.as("usage-" + name),
                        Materialized.<String, PeriodUsage, KeyValueStore<Bytes, byte[]>>as(storeName)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(PERIOD_USAGE_SERDE));
    }
}
