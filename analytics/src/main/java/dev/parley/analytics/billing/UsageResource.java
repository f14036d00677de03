package dev.parley.analytics.billing;

import dev.parley.analytics.access.ApiKeyAccess;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.analytics.store.LocalStores;
import dev.parley.analytics.store.PeriodRange;
import dev.parley.analytics.store.QueryRequest;
import dev.parley.analytics.store.StateStores;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.apache.kafka.streams.KeyValue;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A tenant's billed usage (all time, per UTC day, per UTC month). One call's billing is part of its record
 * ({@code records/CallRecordsResource}), and served alone at {@code /calls/{id}/billing}.
 */
@Path("/tenants/{tenantId}")
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {
    private static final TypeReference<List<PeriodUsage>> PERIODS = new TypeReference<>() {
    };

    private final ApiKeyAccess access;
    private final StateStores stores;

    public UsageResource(ApiKeyAccess access, StateStores stores) {
        this.access = access;
        this.stores = stores;
    }

    /** Ended calls and billed seconds; a tenant without calls yet has zero usage. */
    @GET
    @Path("/usage")
    public TenantUsage usage(@PathParam("tenantId") String tenantId, @BeanParam QueryRequest request) {
        access.requireReadAccess(request.apiKey(), tenantId);
        return stores.readKey(request, BillingTopology.TENANT_USAGE_STORE, tenantId, TenantUsage.class,
                local -> local.<TenantUsage>get(BillingTopology.TENANT_USAGE_STORE, tenantId)
                        .orElse(TenantUsage.none(tenantId)));
    }

    /** Usage per UTC day the calls ended on, oldest first; {@code from}/{@code to} are inclusive days. */
    @GET
    @Path("/usage/daily")
    public List<PeriodUsage> daily(@PathParam("tenantId") String tenantId, @QueryParam("from") String from,
                                   @QueryParam("to") String to, @BeanParam QueryRequest request) {
        access.requireReadAccess(request.apiKey(), tenantId);
        return periods(request, BillingTopology.TENANT_DAILY_STORE, tenantId, PeriodRange.parse(from, to, false));
    }

    /** Usage per UTC month the calls ended in, oldest first; {@code from}/{@code to} are inclusive months. */
    @GET
    @Path("/usage/monthly")
    public List<PeriodUsage> monthly(@PathParam("tenantId") String tenantId, @QueryParam("from") String from,
                                     @QueryParam("to") String to, @BeanParam QueryRequest request) {
        access.requireReadAccess(request.apiKey(), tenantId);
        return periods(request, BillingTopology.TENANT_MONTHLY_STORE, tenantId, PeriodRange.parse(from, to, true));
    }

    /** Periods are keyed {@code tenant|period}, spread over every partition: every instance reads its share. */
    private List<PeriodUsage> periods(QueryRequest request, String store, String tenantId, PeriodRange range) {
        List<PeriodUsage> found = stores.readAll(request, List.of(store), PERIODS,
                local -> periods(local, store, tenantId, range), StateStores::concat);
        return found.stream().sorted(Comparator.comparing(PeriodUsage::period)).collect(Collectors.toList());
    }

    private static List<PeriodUsage> periods(LocalStores local, String store, String tenantId, PeriodRange range) {
        List<KeyValue<String, PeriodUsage>> found = local.prefix(store, TenantPeriodKey.prefix(tenantId));
        return found.stream()
                .filter(entry -> tenantId.equals(TenantPeriodKey.tenant(entry.key)))
                .filter(entry -> range.contains(TenantPeriodKey.period(entry.key)))
                .map(entry -> entry.value)
                // A period whose only call was re-billed into another period sums to nothing: not a period.
                .filter(usage -> usage.calls() > 0)
                .collect(Collectors.toList());
    }
}
