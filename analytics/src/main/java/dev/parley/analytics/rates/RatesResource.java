package dev.parley.analytics.rates;

import dev.parley.analytics.access.ApiKeyAccess;
import dev.parley.analytics.billing.TenantPeriodKey;
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

/** A tenant's interruption, transfer, error and resolution rates, all time and per UTC day. */
@Path("/tenants/{tenantId}/rates")
@Produces(MediaType.APPLICATION_JSON)
public class RatesResource {
    private static final TypeReference<List<TenantRates>> DAYS = new TypeReference<>() {
    };

    private final ApiKeyAccess access;
    private final StateStores stores;

    public RatesResource(ApiKeyAccess access, StateStores stores) {
        this.access = access;
        this.stores = stores;
    }

    @GET
    public TenantRates rates(@PathParam("tenantId") String tenantId, @BeanParam QueryRequest request) {
        access.requireReadAccess(request.apiKey(), tenantId);
        return stores.readKey(request, RatesTopology.TENANT_RATES_STORE, tenantId, TenantRates.class,
                local -> local.<TenantRates>get(RatesTopology.TENANT_RATES_STORE, tenantId)
                        .orElse(TenantRates.none(tenantId, TenantRates.ALL_TIME)));
    }

    /** Rates per UTC day of the calls' first event, oldest first; {@code from}/{@code to} are inclusive days. */
    @GET
    @Path("/daily")
    public List<TenantRates> daily(@PathParam("tenantId") String tenantId, @QueryParam("from") String from,
                                   @QueryParam("to") String to, @BeanParam QueryRequest request) {
        access.requireReadAccess(request.apiKey(), tenantId);
        PeriodRange range = PeriodRange.parse(from, to, false);
        // Days are keyed tenant|day, spread over every partition: every instance reads its share.
        List<TenantRates> found = stores.readAll(request, List.of(RatesTopology.TENANT_RATES_DAILY_STORE), DAYS,
                local -> days(local, tenantId, range), StateStores::concat);
        return found.stream().sorted(Comparator.comparing(TenantRates::period)).collect(Collectors.toList());
    }

    private static List<TenantRates> days(LocalStores local, String tenantId, PeriodRange range) {
        List<KeyValue<String, TenantRates>> found = local.prefix(RatesTopology.TENANT_RATES_DAILY_STORE,
                TenantPeriodKey.prefix(tenantId));
        return found.stream()
                .filter(entry -> tenantId.equals(TenantPeriodKey.tenant(entry.key)))
                .filter(entry -> range.contains(TenantPeriodKey.period(entry.key)))
                .map(entry -> entry.value)
                .filter(rates -> rates.calls() > 0)
                .collect(Collectors.toList());
    }
}
