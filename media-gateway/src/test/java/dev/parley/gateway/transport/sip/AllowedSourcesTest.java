package dev.parley.gateway.transport.sip;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedSourcesTest {

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void blocksAndAddresses() throws Exception {
        List<String> trunk = List.of("203.0.113.0/24", "198.51.100.7", "2001:db8::/32");
        assertTrue(AllowedSources.allows(trunk, ip("203.0.113.200")));
        assertTrue(AllowedSources.allows(trunk, ip("198.51.100.7")));
        assertTrue(AllowedSources.allows(trunk, ip("2001:db8:1::5")));
        assertFalse(AllowedSources.allows(trunk, ip("203.0.114.1")));
        assertFalse(AllowedSources.allows(trunk, ip("198.51.100.8")));
        assertFalse(AllowedSources.allows(trunk, ip("2001:db9::1")));
    }

    @Test
    void nothingListedAllowsNothing() throws Exception {
        assertFalse(AllowedSources.allows(List.of(), ip("127.0.0.1")));
    }

    @Test
    void malformedEntriesMatchNothing() throws Exception {
        assertFalse(AllowedSources.matches("carrier.example.com", ip("127.0.0.1")), "no DNS on the signalling path");
        assertFalse(AllowedSources.matches("127.0.0.0/33", ip("127.0.0.1")));
        assertFalse(AllowedSources.matches("127.0.0.0/x", ip("127.0.0.1")));
        assertTrue(AllowedSources.matches("0.0.0.0/0", ip("192.0.2.1")), "an explicit open trunk is the operator's call");
    }
}
