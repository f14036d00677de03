package dev.parley.gateway.turntaking;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TurnPolicyTest {
    private final TurnPolicy defaults = new TurnPolicy(0.5f, 0.35f, 96, 400, 224, 700, 900, 224, 20, 1500);

    @Test
    void aTenantOverridesOnlyWhatItNames() {
        TurnPolicy p = defaults.with(Map.of("unfinishedWaitMs", 1000.0, "vadStartThreshold", 0.6));
        assertEquals(1000, p.unfinishedWaitMs());
        assertEquals(0.6f, p.vadStartThreshold(), 1e-6);
        assertEquals(400, p.endpointingMs());
        assertEquals(defaults, defaults.with(Map.of()));
    }

    @Test
    void typosAndInconsistentValuesAreRefusedClearly() {
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> defaults.with(Map.of("endpointMs", 300.0)));
        assertTrue(typo.getMessage().contains("unknown turn setting 'endpointMs'"), typo.getMessage());
        assertThrows(IllegalArgumentException.class, () -> defaults.with(Map.of("fastEndpointingMs", 500.0)));
        assertThrows(IllegalArgumentException.class, () -> defaults.with(Map.of("vadEndThreshold", 0.9)));
    }
}
