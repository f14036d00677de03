package dev.parley.contracts.redaction;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedactionPolicyTest {

    @Test
    void noBlockMasksNothing() {
        assertSame(RedactionPolicy.NONE, RedactionPolicy.fromYaml(null));
        assertEquals(false, RedactionPolicy.NONE.enabled());
    }

    @Test
    void anEmptyBlockTurnsMaskingOnWithDefaults() {
        assertEquals(new RedactionPolicy(true, 4, true, Set.of()), RedactionPolicy.fromYaml(Map.of()));
    }

    @Test
    void readsEveryKey() {
        RedactionPolicy policy = RedactionPolicy.fromYaml(Map.of("enabled", true, "digits", 6, "emails", false,
                "slots", List.of("patient_id", "name")));
        assertEquals(new RedactionPolicy(true, 6, false, Set.of("patient_id", "name")), policy);
        assertEquals(false, RedactionPolicy.fromYaml(Map.of("enabled", false)).enabled());
    }

    @Test
    void badBlocksNameTheKey() {
        assertMessage("unknown key 'digit'", Map.of("digit", 4));
        assertMessage("redaction.digits", Map.of("digits", 1));
        assertMessage("redaction.digits", Map.of("digits", "four"));
        assertMessage("redaction.digits", Map.of("digits", 4.5));
        assertMessage("redaction.enabled", Map.of("enabled", "yes please"));
        assertMessage("redaction.emails", Map.of("emails", 1));
        assertMessage("redaction.slots", Map.of("slots", "patient_id"));
        Map<String, Object> blankSlot = new HashMap<>();
        blankSlot.put("slots", java.util.Arrays.asList("patient_id", null));
        assertMessage("redaction.slots", blankSlot);
    }

    private static void assertMessage(String expected, Map<String, ?> block) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedactionPolicy.fromYaml(block));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
