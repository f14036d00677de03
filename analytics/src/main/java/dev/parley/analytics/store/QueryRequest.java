package dev.parley.analytics.store;

import dev.parley.analytics.access.ApiKeyAccess;
import jakarta.ws.rs.HeaderParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;
import java.util.Optional;

/**
 * What a REST read needs to be answered by another instance: the caller's API key, the path and query it asked
 * for, and, when another instance forwarded it here, the partitions to answer from ({@link StorePartitions}).
 * Resources take it as a {@code @BeanParam}.
 */
public class QueryRequest {
    @HeaderParam(ApiKeyAccess.HEADER)
    String apiKey;

    /** Between instances only: not part of the API a tenant sees. */
    @Parameter(hidden = true)
    @HeaderParam(StorePartitions.HEADER)
    String forwardedPartitions;

    @Context
    UriInfo uri;

    public String apiKey() {
        return apiKey;
    }

    /** The partitions to answer from, if another instance forwarded this request. */
    Optional<StorePartitions> forwarded() {
        return forwardedPartitions == null ? Optional.empty()
                : Optional.of(StorePartitions.parse(forwardedPartitions));
    }

    /** The raw path and query, as asked: forwarded unchanged. */
    String pathAndQuery() {
        URI requested = uri.getRequestUri();
        return requested.getRawPath() + (requested.getRawQuery() == null ? "" : "?" + requested.getRawQuery());
    }
}
