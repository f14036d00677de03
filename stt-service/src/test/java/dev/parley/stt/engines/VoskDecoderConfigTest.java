package dev.parley.stt.engines;

import dev.parley.stt.SttConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code parley.stt.vosk.max-active}, {@code beam}, {@code lattice-beam}: unset or empty keeps the model's own. */
class VoskDecoderConfigTest {
    @Test
    void unset_keepsTheModelsOwn() {
        SttConfig.Vosk vosk = vosk(Map.of());
        assertEquals(OptionalInt.empty(), vosk.maxActive());
        assertEquals(OptionalDouble.empty(), vosk.beam());
        assertEquals(OptionalDouble.empty(), vosk.latticeBeam());
    }

    @Test
    void set_overrides() {
        SttConfig.Vosk vosk = vosk(Map.of("parley.stt.vosk.max-active", "700", "parley.stt.vosk.beam", "8",
                "parley.stt.vosk.lattice-beam", "1.5"));
        assertEquals(OptionalInt.of(700), vosk.maxActive());
        assertEquals(OptionalDouble.of(8), vosk.beam());
        assertEquals(OptionalDouble.of(1.5), vosk.latticeBeam());
    }

    @Test
    void anEmptyValue_unsetsTheShippedDefault() {
        Map<String, String> shipped = Map.of("parley.stt.vosk.max-active", "700");
        assertEquals(OptionalInt.of(700), vosk(shipped, Map.of()).maxActive());
        assertEquals(OptionalInt.empty(), vosk(shipped, Map.of("parley.stt.vosk.max-active", "")).maxActive());
    }

    private static SttConfig.Vosk vosk(Map<String, String> properties) {
        return vosk(properties, Map.of());
    }

    /** {@code shipped} as application.properties (ordinal 250), {@code env} above it as environment variables are. */
    private static SttConfig.Vosk vosk(Map<String, String> shipped, Map<String, String> env) {
        Map<String, String> properties = new HashMap<>(shipped);
        properties.put("parley.stt.vosk.model-dir", "target/model");
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(SttConfig.class)
                .withSources(new PropertiesConfigSource(properties, "application.properties", 250))
                .withSources(new PropertiesConfigSource(env, "env", 300)).build();
        return config.getConfigMapping(SttConfig.class).vosk();
    }
}
