package dev.parley.analytics.latency;

import dev.parley.analytics.access.ApiKeyAccess;
import dev.parley.analytics.store.LocalStores;
import dev.parley.analytics.store.QueryRequest;
import dev.parley.analytics.store.StateStores;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.streams.KeyValue;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tenant's latency windows: {@code GET /tenants/{t}/latency?window=1m|1h&from=&to=} (ISO instants, window
 * starts; by default the last 60 windows). The answer holds every window and, because the sketches merge without
 * losing accuracy, the percentiles over the whole range too.
 */
@Path("/tenants/{tenantId}/latency")
@Produces(MediaType.APPLICATION_JSON)
public class LatencyResource {
    private static final int DEFAULT_WINDOWS = 60;

    private final ApiKeyAccess access;
    private final StateStores stores;
    private final Clock clock = Clock.systemUTC();

    public LatencyResource(ApiKeyAccess access, StateStores stores) {
        this.access = access;
        this.stores = stores;
    }

    public record LatencyReport(String tenantId, String window, Instant from, Instant to,
                                LatencyWindow overall, List<LatencyWindow> windows) {
    }

    @GET
    public LatencyReport latency(@PathParam("tenantId") String tenantId,
                                 @QueryParam("window") String window, @QueryParam("from") String from,
                                 @QueryParam("to") String to, @BeanParam QueryRequest request) {
        access.requireReadAccess(request.apiKey(), tenantId);
        LatencyWindowSize size = parse(() -> LatencyWindowSize.parse(window == null ? "1m" : window));
        Instant end = to == null ? clock.instant() : parse(() -> Instant.parse(to));
        Instant start = from == null ? end.minus(size.size().multipliedBy(DEFAULT_WINDOWS))
                : parse(() -> Instant.parse(from));
        // Latency is aggregated per tenant: all of a tenant's windows are in its key's partition.
        return stores.readKey(request, size.storeName(), tenantId, LatencyReport.class,
                local -> report(local, tenantId, size, start, end));
    }

    private static LatencyReport report(LocalStores local, String tenantId, LatencyWindowSize size, Instant start,
                                        Instant end) {
        List<KeyValue<Long, LatencyStats>> found = local.windows(size.storeName(), tenantId, start, end);
        List<LatencyWindow> windows = new ArrayList<>();
        LatencyStats overall = new LatencyStats();
        for (KeyValue<Long, LatencyStats> entry : found) {
            Instant windowStart = Instant.ofEpochMilli(entry.key);
            windows.add(LatencyWindow.of(tenantId, size.label(), windowStart, windowStart.plus(size.size()),
                    entry.value));
            overall.merge(entry.value);
        }
        return new LatencyReport(tenantId, size.label(), start, end,
                LatencyWindow.of(tenantId, size.label(), start, end, overall), windows);
    }

    private interface Parse<T> {
        T get();
    }

    private static <T> T parse(Parse<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new WebApplicationException(Response.status(Response.Status.BAD_REQUEST)
                    .type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", String.valueOf(e.getMessage())))
                    .build());
        }
    }
}
