package dev.parley.analytics.access;

import dev.parley.analytics.store.QueryRequest;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Map;

/**
 * The dashboard's settings from this service's configuration: {@code parley.dashboard.trace-url}, the base URL a
 * call's trace id is appended to (Zipkin's UI locally, Jaeger's on compose/k8s). Any valid key may read it.
 */
@Path("/dashboard-settings")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardSettingsResource {
    private final ApiKeyAccess access;
    private final String traceUrl;

    public DashboardSettingsResource(ApiKeyAccess access,
            @ConfigProperty(name = "parley.dashboard.trace-url") String traceUrl) {
        this.access = access;
        this.traceUrl = traceUrl;
    }

    @GET
    public Map<String, String> settings(@BeanParam QueryRequest request) {
        access.readableTenants(request.apiKey(), List.of()); // 401 for a missing or unknown key
        return Map.of("traceUrl", traceUrl);
    }
}
