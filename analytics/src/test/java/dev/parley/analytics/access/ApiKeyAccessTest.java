package dev.parley.analytics.access;

import jakarta.ws.rs.WebApplicationException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ApiKeyAccessTest {
    private final ApiKeyAccess access = new ApiKeyAccess(Map.of("acme", "k-acme", "globex", "k-globex"),
            Optional.of("k-admin"));

    @Test
    void aTenantKeyReadsOnlyItsTenant() {
        assertDoesNotThrow(() -> access.requireReadAccess("k-acme", "acme"));
        assertEquals(403, status(() -> access.requireReadAccess("k-acme", "globex")));
    }

    @Test
    void theAdminKeyReadsEveryTenant() {
        assertDoesNotThrow(() -> access.requireReadAccess("k-admin", "acme"));
        assertDoesNotThrow(() -> access.requireReadAccess("k-admin", "anyone"));
    }

    @Test
    void missingOrUnknownKeysAreUnauthorized() {
        assertEquals(401, status(() -> access.requireReadAccess(null, "acme")));
        assertEquals(401, status(() -> access.requireReadAccess("", "acme")));
        assertEquals(401, status(() -> access.requireReadAccess("k-acm", "acme")));
        assertEquals(401, status(() -> access.requireReadAccess("k-acme ", "acme")));
    }

    @Test
    void withoutAnAdminKeyNobodyIsAdmin() {
        ApiKeyAccess noAdmin = new ApiKeyAccess(Map.of("acme", "k-acme"), Optional.empty());
        assertEquals(403, status(() -> noAdmin.requireReadAccess("k-acme", "globex")));
    }

    @Test
    void theAdminSeesEveryKnownTenantATenantOnlyItself() {
        assertEquals(List.of("acme", "globex", "initech"),
                access.readableTenants("k-admin", Set.of("initech", "globex", "acme")));
        assertEquals(List.of("acme"), access.readableTenants("k-acme", Set.of("initech", "globex")));
        assertEquals(401, status(() -> access.readableTenants("nope", Set.of("acme"))));
    }

    @Test
    void ambiguousKeyConfigurationIsRejectedAtStartup() {
        assertThrows(IllegalArgumentException.class,
                () -> new ApiKeyAccess(Map.of("acme", "same", "globex", "same"), Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new ApiKeyAccess(Map.of("acme", " "), Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new ApiKeyAccess(Map.of("acme", "k"), Optional.of("k")));
    }

    private static int status(Runnable call) {
        return assertThrows(WebApplicationException.class, call::run).getResponse().getStatus();
    }
}
