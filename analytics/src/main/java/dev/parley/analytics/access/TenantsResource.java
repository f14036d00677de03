package dev.parley.analytics.access;

import dev.parley.analytics.billing.BillingTopology;
import dev.parley.analytics.rates.RatesTopology;
import dev.parley.analytics.store.StateStores;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which tenants a key can read, for the dashboard's tenant picker: every known tenant for the admin key. */
@Path("/tenants")
@Produces(MediaType.APPLICATION_JSON)
public class TenantsResource {
    private final ApiKeyAccess access;
    private final StateStores stores;

    public TenantsResource(ApiKeyAccess access, StateStores stores) {
        this.access = access;
        this.stores = stores;
    }

    @GET
    public Map<String, List<String>> tenants(@HeaderParam(ApiKeyAccess.HEADER) String apiKey) {
        // The key is checked first: an unknown key learns nothing, not even whether the stores are ready.
        access.readableTenants(apiKey, List.of());
        Set<String> known = new HashSet<>(stores.keys(BillingTopology.TENANT_USAGE_STORE));
        known.addAll(stores.keys(RatesTopology.TENANT_RATES_STORE));
        return Map.of("tenants", access.readableTenants(apiKey, known));
    }
}
