package dev.parley.analytics.store;

import jakarta.ws.rs.WebApplicationException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StorePartitionsTest {

    @Test
    void theHeaderNamesEveryStoreWithItsPartitions() {
        StorePartitions partitions = StorePartitions.of("tenant-usage", List.of(2, 0))
                .with("tenant-rates", List.of());
        assertEquals("tenant-rates=;tenant-usage=0,2", partitions.header());
        StorePartitions parsed = StorePartitions.parse(partitions.header());
        assertEquals(partitions, parsed);
        assertEquals(Set.of(0, 2), parsed.of("tenant-usage"));
        assertTrue(parsed.names("tenant-rates"));
        assertEquals(Set.of(), parsed.of("tenant-rates"));
        assertFalse(parsed.names("call-billing"));
        assertFalse(parsed.isEmpty());
        assertTrue(StorePartitions.of("tenant-rates", List.of()).isEmpty());
    }

    @Test
    void aMalformedHeaderIsABadRequest() {
        for (String header : List.of("", "tenant-usage", "tenant-usage=a", "tenant-usage=1,,2", "x=1;",
                "a b=1", "tenant-usage=123456")) {
            WebApplicationException e = assertThrows(WebApplicationException.class,
                    () -> StorePartitions.parse(header), header);
            assertEquals(400, e.getResponse().getStatus(), header);
        }
    }
}
