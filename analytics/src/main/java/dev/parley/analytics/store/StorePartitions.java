package dev.parley.analytics.store;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Partitions of named state stores, e.g. {@code tenant-usage-daily=0,2;tenant-rates=}. As the header
 * {@value #HEADER} it marks a request one analytics instance forwarded to another: answer from exactly these
 * partitions of your own active stores, and never forward again. It grants nothing: the forwarded request carries
 * the caller's API key, which the receiving instance checks like any other.
 */
public final class StorePartitions {
    public static final String HEADER = "X-Analytics-Partitions";

    private static final Pattern ENTRY = Pattern.compile("[A-Za-z0-9._-]+=(\\d{1,5}(,\\d{1,5})*)?");

    private final Map<String, Set<Integer>> byStore;

    private StorePartitions(Map<String, Set<Integer>> byStore) {
        this.byStore = byStore;
    }

    public static StorePartitions none() {
        return new StorePartitions(Map.of());
    }

    public static StorePartitions of(String store, Collection<Integer> partitions) {
        return none().with(store, partitions);
    }

    public StorePartitions with(String store, Collection<Integer> partitions) {
        Map<String, Set<Integer>> copy = new TreeMap<>(byStore);
        copy.put(store, Collections.unmodifiableSet(new TreeSet<>(partitions)));
        return new StorePartitions(Collections.unmodifiableMap(copy));
    }

    /** The partitions of {@code store}; empty for a store not named. */
    public Set<Integer> of(String store) {
        return byStore.getOrDefault(store, Set.of());
    }

    /** True when no partition of any store is named. */
    public boolean isEmpty() {
        return byStore.values().stream().allMatch(Set::isEmpty);
    }

    public boolean names(String store) {
        return byStore.containsKey(store);
    }

    /** @throws WebApplicationException 400 when the header is not {@code store=p,p;store=p…} */
    public static StorePartitions parse(String header) {
        Map<String, Set<Integer>> byStore = new TreeMap<>();
        for (String entry : header.split(";", -1)) {
            String trimmed = entry.trim();
            if (!ENTRY.matcher(trimmed).matches()) {
                throw badRequest("malformed " + HEADER + " header");
            }
            int eq = trimmed.indexOf('=');
            String partitions = trimmed.substring(eq + 1);
            Set<Integer> set = new TreeSet<>();
            if (!partitions.isEmpty()) {
                for (String p : partitions.split(",")) {
                    set.add(Integer.parseInt(p));
                }
            }
            byStore.put(trimmed.substring(0, eq), Collections.unmodifiableSet(set));
        }
        return new StorePartitions(Collections.unmodifiableMap(byStore));
    }

    public String header() {
        return byStore.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().stream().map(String::valueOf)
                        .collect(Collectors.joining(",")))
                .collect(Collectors.joining(";"));
    }

    static WebApplicationException badRequest(String message) {
        return new WebApplicationException(Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", message))
                .build());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StorePartitions && ((StorePartitions) o).byStore.equals(byStore);
    }

    @Override
    public int hashCode() {
        return byStore.hashCode();
    }

    @Override
    public String toString() {
        return header();
    }
}
