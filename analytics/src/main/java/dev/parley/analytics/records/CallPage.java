package dev.parley.analytics.records;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One page of a tenant's calls, newest first, and the cursor of the next page (null on the last one). Each
 * instance answers a page of its own partitions; pages merge by order of the list key, which is the same order on
 * every partition, so the merged page is the page the whole list would give.
 */
public record CallPage(List<CallSummary> calls, String next) {
    private static final Comparator<CallSummary> NEWEST_FIRST = Comparator.comparing(
            call -> CallIndexKey.of(call.tenantId(), call.startedAt(), call.callId()));

    /** A page from {@code found}, the first up to {@code limit + 1} matches: one more means there is a next page. */
    static CallPage of(List<CallSummary> found, int limit) {
        return page(found, limit, false);
    }

    /** Two pages of the same request from different partitions, as one. */
    static CallPage merge(CallPage a, CallPage b, int limit) {
        List<CallSummary> all = new ArrayList<>(a.calls());
        all.addAll(b.calls());
        return page(all, limit, a.next() != null || b.next() != null);
    }

    private static CallPage page(List<CallSummary> found, int limit, boolean more) {
        List<CallSummary> sorted = new ArrayList<>(found);
        sorted.sort(NEWEST_FIRST);
        boolean hasNext = more || sorted.size() > limit;
        List<CallSummary> calls = sorted.size() > limit ? List.copyOf(sorted.subList(0, limit)) : List.copyOf(sorted);
        return new CallPage(calls, hasNext && !calls.isEmpty() ? CallIndexKey.cursor(calls.get(calls.size() - 1))
                : null);
    }
}
