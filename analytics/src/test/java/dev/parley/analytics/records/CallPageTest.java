package dev.parley.analytics.records;

import jakarta.ws.rs.WebApplicationException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pages from two instances' partitions merge into the pages of the whole list, and a cursor continues it. */
class CallPageTest {
    private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");

    @Test
    void pagesOfTwoInstancesMergeNewestFirstAndTheCursorContinuesExactly() {
        // Calls spread over two "instances" as partitions would spread them; two start in the same millisecond.
        List<CallSummary> a = new ArrayList<>();
        List<CallSummary> b = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            (i % 3 == 0 ? a : b).add(call("c-" + i, T0.plusSeconds(i)));
        }
        a.add(call("c-same-a", T0.plusSeconds(4)));
        List<CallSummary> all = new ArrayList<>(a);
        all.addAll(b);
        List<String> expected = all.stream()
                .sorted(Comparator.comparing(CallSummary::startedAt).reversed().thenComparing(CallSummary::callId))
                .map(CallSummary::callId).toList();

        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String after = cursor == null ? "" : CallIndexKey.afterCursor("acme", cursor);
            CallPage merged = CallPage.merge(page(a, after, 4), page(b, after, 4), 4);
            merged.calls().forEach(call -> paged.add(call.callId()));
            cursor = merged.next();
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(expected, paged);
        assertEquals(3, pages, "10 calls in pages of 4");
        assertEquals("c-8", paged.get(0), "newest first");
    }

    @Test
    void theLastPageHasNoCursorEvenWhenItIsFull() {
        CallPage merged = CallPage.merge(CallPage.of(List.of(call("x", T0)), 2),
                CallPage.of(List.of(call("y", T0.plusSeconds(1))), 2), 2);
        assertEquals(List.of("y", "x"), merged.calls().stream().map(CallSummary::callId).toList());
        assertNull(merged.next());
        CallPage more = CallPage.of(List.of(call("x", T0), call("y", T0.plusSeconds(1)), call("z", T0)), 2);
        assertNotNull(more.next(), "a third match means a next page");
    }

    @Test
    void aMalformedCursorIs400() {
        WebApplicationException e = assertThrows(WebApplicationException.class,
                () -> CallIndexKey.afterCursor("acme", "%%"));
        assertEquals(400, e.getResponse().getStatus());
        assertTrue(CallIndexKey.afterCursor("acme", CallIndexKey.cursor(call("c|1", T0)))
                .equals(CallIndexKey.of("acme", T0, "c|1")), "a call id with the separator round-trips");
    }

    /** What one instance answers: its calls after the cursor key, the first limit + 1 in key order. */
    private static CallPage page(List<CallSummary> calls, String afterKey, int limit) {
        List<CallSummary> after = calls.stream()
                .filter(call -> key(call).compareTo(afterKey) > 0)
                .sorted(Comparator.comparing(CallPageTest::key)).limit(limit + 1L).toList();
        return CallPage.of(after, limit);
    }

    private static String key(CallSummary call) {
        return CallIndexKey.of(call.tenantId(), call.startedAt(), call.callId());
    }

    private static CallSummary call(String id, Instant start) {
        return new CallSummary("acme", id, null, null, "twilio", start, null, null, null, false, 0, 0, 0);
    }
}
