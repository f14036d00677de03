package dev.parley.analytics.access;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.analytics.billing.BillingTopology;
import dev.parley.analytics.rates.RatesTopology;
import dev.parley.analytics.store.LocalStores;
import dev.parley.analytics.store.QueryRequest;
import dev.parley.analytics.store.StateStores;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Which tenants a key can read, for the dashboard's tenant picker: every known tenant for the admin key. */
@Path("/tenants")
@Produces(MediaType.APPLICATION_JSON)
public class TenantsResource {
    private static final String TENANTS = "tenants";
    private static final TypeReference<Map<String, List<String>>> ANSWER = new TypeReference<>() {
    };

    private final ApiKeyAccess access;
    private final StateStores stores;

    public TenantsResource(ApiKeyAccess access, StateStores stores) {
        this.access = access;
        this.stores = stores;
    }

    @GET
    public Map<String, List<String>> tenants(@BeanParam QueryRequest request) {
        // The key is checked first: an unknown key learns nothing, not even whether the stores are ready.
        access.readableTenants(request.apiKey(), List.of());
        // Tenants are keys of the per-tenant stores, spread over every partition: every instance reads its share.
        return stores.readAll(request, List.of(BillingTopology.TENANT_USAGE_STORE, RatesTopology.TENANT_RATES_STORE),
                ANSWER, local -> Map.of(TENANTS, access.readableTenants(request.apiKey(), known(local))),
                TenantsResource::union);
    }

    private static Set<String> known(LocalStores local) {
        Set<String> known = new HashSet<>(local.keys(BillingTopology.TENANT_USAGE_STORE));
        known.addAll(local.keys(RatesTopology.TENANT_RATES_STORE));
        return known;
    }

    private static Map<String, List<String>> union(Map<String, List<String>> a, Map<String, List<String>> b) {
        Set<String> all = new TreeSet<>(a.getOrDefault(TENANTS, List.of()));
        all.addAll(b.getOrDefault(TENANTS, List.of()));
        return Map.of(TENANTS, List.copyOf(all));
    }
}
