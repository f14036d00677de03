package dev.parley.analytics.billing;

import dev.parley.analytics.access.ApiKeyAccess;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/** A tenant's billed usage and one call's billing, for the tenant's own key or the admin key. */
@Path("/tenants/{tenantId}")
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {
    private final ApiKeyAccess access;
    private final BillingStores stores;

    public UsageResource(ApiKeyAccess access, BillingStores stores) {
        this.access = access;
        this.stores = stores;
    }

    /** Ended calls and billed seconds; a tenant without calls yet has zero usage. */
    @GET
    @Path("/usage")
    public TenantUsage usage(@PathParam("tenantId") String tenantId,
                             @HeaderParam(ApiKeyAccess.HEADER) String apiKey) {
        access.requireReadAccess(apiKey, tenantId);
        return stores.usage(tenantId).orElse(TenantUsage.none(tenantId));
    }

    /** 404 for an unknown call and for another tenant's call alike: a call id reveals nothing. */
    @GET
    @Path("/calls/{callId}")
    public CallBilling call(@PathParam("tenantId") String tenantId, @PathParam("callId") String callId,
                            @HeaderParam(ApiKeyAccess.HEADER) String apiKey) {
        access.requireReadAccess(apiKey, tenantId);
        return stores.call(callId)
                .filter(call -> tenantId.equals(call.tenantId()))
                .orElseThrow(() -> new WebApplicationException(Response.status(Response.Status.NOT_FOUND)
                        .type(MediaType.APPLICATION_JSON)
                        .entity(Map.of("error", "no billed call " + callId + " for tenant " + tenantId))
                        .build()));
    }
}
