package dev.parley.analytics.records;

import dev.parley.analytics.access.ApiKeyAccess;
import dev.parley.analytics.billing.BillingTopology;
import dev.parley.analytics.billing.CallBilling;
import dev.parley.analytics.store.LocalStores;
import dev.parley.analytics.store.QueryRequest;
import dev.parley.analytics.store.StateStores;
import dev.parley.analytics.store.StoreAssignment;
import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A tenant's call records: the list (newest first, filtered, paged with a cursor), one call's record with its
 * billing, the call's billing alone (kept for invoicing after the record is gone), and erasure of a record.
 */
@Path("/tenants/{tenantId}/calls")
@Produces(MediaType.APPLICATION_JSON)
public class CallRecordsResource {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final TypeReference<CallPage> PAGE = new TypeReference<>() {
    };

    private final ApiKeyAccess access;
    private final StateStores stores;
    private final StoreAssignment assignment;
    private final CallErasures erasures;
    private final Duration eraseWait;

    public CallRecordsResource(ApiKeyAccess access, StateStores stores, StoreAssignment assignment,
                               CallErasures erasures, RecordsConfig config) {
        this.access = access;
        this.stores = stores;
        this.assignment = assignment;
        this.erasures = erasures;
        this.eraseWait = config.eraseWait();
    }

    /** The index is keyed {@code tenant|newest first|call} on every partition: every instance pages its share. */
    @GET
    public CallPage list(@PathParam("tenantId") String tenantId, @QueryParam("from") String from,
                         @QueryParam("to") String to, @QueryParam("endReason") String endReason,
                         @QueryParam("transferred") Boolean transferred, @QueryParam("errors") Boolean errors,
                         @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
                         @BeanParam QueryRequest request) {
        access.requireReadAccess(request.apiKey(), tenantId);
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw badRequest("limit must be 1.." + MAX_LIMIT);
        }
        String lower = to == null ? CallIndexKey.prefix(tenantId) : CallIndexKey.from(tenantId, instant("to", to));
        if (cursor != null && !cursor.isEmpty()) {
            // Strictly after the last call listed: the cursor key followed by the smallest character.
            String afterCursor = CallIndexKey.afterCursor(tenantId, cursor) + '\u0000';
            lower = afterCursor.compareTo(lower) > 0 ? afterCursor : lower;
        }
        String upper = from == null ? CallIndexKey.prefix(tenantId) + Character.MAX_VALUE
                : CallIndexKey.through(tenantId, instant("from", from));
        Predicate<CallSummary> keep = call -> tenantId.equals(call.tenantId())
                && (endReason == null || endReason.equals(call.endReason()))
                && (transferred == null || transferred == call.transferred())
                && (errors == null || errors == (call.errors() > 0));
        String start = lower;
        return stores.readAll(request, List.of(CallRecordsTopology.CALL_INDEX_STORE), PAGE,
                local -> CallPage.of(local.<CallSummary>range(CallRecordsTopology.CALL_INDEX_STORE, start, upper,
                        keep, size + 1).stream().map(entry -> entry.value).toList(), size),
                (a, b) -> CallPage.merge(a, b, size));
    }

    /** 404 for an unknown call and for another tenant's call alike: a call id reveals nothing. */
    @GET
    @Path("/{callId}")
    public CallRecordView call(@PathParam("tenantId") String tenantId, @PathParam("callId") String callId,
                               @BeanParam QueryRequest request) {
        access.requireReadAccess(request.apiKey(), tenantId);
        return find(request, tenantId, callId);
    }

    /** The call's billing, the shape {@code /calls/{id}} had before records: kept after the record is erased. */
    @GET
    @Path("/{callId}/billing")
    public CallBilling billing(@PathParam("tenantId") String tenantId, @PathParam("callId") String callId,
                               @BeanParam QueryRequest request) {
        access.requireReadAccess(request.apiKey(), tenantId);
        return stores.readKey(request, BillingTopology.CALL_BILLING_STORE, callId, CallBilling.class,
                local -> local.<CallBilling>get(BillingTopology.CALL_BILLING_STORE, callId)
                        .filter(call -> tenantId.equals(call.tenantId()))
                        .orElseThrow(() -> notFound("no billed call " + callId + " for tenant " + tenantId)));
    }

    /**
     * Erases the call's record (caller and dialled numbers, transcripts, tool arguments): 204 once it is gone, 202
     * if it is not gone within {@code parley.analytics.records.erase-wait} (it will be). Billing stays: it holds no
     * personal data and is what the tenant is invoiced for.
     */
    @DELETE
    @Path("/{callId}")
    public Response erase(@PathParam("tenantId") String tenantId, @PathParam("callId") String callId,
                          @BeanParam QueryRequest request) throws InterruptedException {
        access.requireReadAccess(request.apiKey(), tenantId);
        find(request, tenantId, callId);
        int partition = assignment.ownerOf(CallRecordsTopology.CALL_RECORDS_STORE, callId).partition();
        erasures.request(new ErasureRequest(tenantId, callId, Instant.now()), partition);
        long deadline = System.nanoTime() + eraseWait.toNanos();
        do {
            Thread.sleep(100);
            try {
                find(request, tenantId, callId);
            } catch (WebApplicationException e) {
                if (e.getResponse().getStatus() == Response.Status.NOT_FOUND.getStatusCode()) {
                    return Response.noContent().build();
                }
                // 503 while a partition moves: keep waiting for the erasure, which is already on its way.
            }
        } while (System.nanoTime() - deadline < 0);
        return Response.accepted(Map.of("status", "erasure requested")).type(MediaType.APPLICATION_JSON).build();
    }

    private CallRecordView find(QueryRequest request, String tenantId, String callId) {
        return stores.readKey(request, List.of(CallRecordsTopology.CALL_RECORDS_STORE,
                        BillingTopology.CALL_BILLING_STORE), callId, CallRecordView.class,
                local -> local.<CallRecord>get(CallRecordsTopology.CALL_RECORDS_STORE, callId)
                        .filter(call -> tenantId.equals(call.tenantId()))
                        .map(call -> CallRecordView.of(call, billing(local, tenantId, callId)))
                        .orElseThrow(() -> notFound("no call " + callId + " for tenant " + tenantId)));
    }

    private static CallBilling billing(LocalStores local, String tenantId, String callId) {
        return local.<CallBilling>get(BillingTopology.CALL_BILLING_STORE, callId)
                .filter(billing -> tenantId.equals(billing.tenantId())).orElse(null);
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw badRequest(name + " must be an ISO instant, e.g. 2026-03-01T00:00:00Z");
        }
    }

    private static WebApplicationException notFound(String message) {
        return new WebApplicationException(Response.status(Response.Status.NOT_FOUND)
                .type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build());
    }

    private static WebApplicationException badRequest(String message) {
        return new WebApplicationException(Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build());
    }
}
