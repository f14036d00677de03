package dev.parley.stt.vosk;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecoderSettingsTest {
    @Test
    void onlyTheSetOnesOverride() {
        assertTrue(DecoderSettings.MODEL.isEmpty());
        assertEquals(Map.of("beam", "8.0"),
                new DecoderSettings(OptionalInt.empty(), OptionalDouble.of(8), OptionalDouble.empty()).overrides());
        assertEquals(List.of("max-active", "beam", "lattice-beam"),
                List.copyOf(DecoderSettings.of(1000, 10, 2).overrides().keySet()));
    }

    @Test
    void describe_marksTheOverriddenOnes() {
        String conf = "--min-active=200\n--max-active=3000\n--beam=10.0\n--lattice-beam=2.0\n";
        assertEquals("min-active=200, max-active=1000 (model 3000), beam=10.0, lattice-beam=2.0",
                new DecoderSettings(OptionalInt.of(1000), OptionalDouble.empty(), OptionalDouble.empty())
                        .describe(conf));
        assertEquals("min-active=200, max-active=3000, beam=10.0, lattice-beam=2.0",
                DecoderSettings.MODEL.describe(conf));
    }

    @Test
    void maxActiveBelowTheModelsMinActive_isRefused() {
        String conf = "--min-active=200\n--max-active=3000\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DecoderSettings.of(100, 10, 2).checkAgainst(conf));
        assertTrue(e.getMessage().contains("min-active 200"), e.getMessage());
        DecoderSettings.of(200, 10, 2).checkAgainst(conf);
        DecoderSettings.MODEL.checkAgainst(conf);
    }

    @Test
    void nonPositiveValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DecoderSettings.of(0, 10, 2));
        assertThrows(IllegalArgumentException.class, () -> DecoderSettings.of(1000, -1, 2));
        assertThrows(IllegalArgumentException.class, () -> DecoderSettings.of(1000, 10, 0));
    }
}
