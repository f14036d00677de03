package dev.parley.stt.vosk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Kaldi decoder search settings that override the model's {@code conf/model.conf}; an unset one keeps the model's
 * value. They trade search CPU for accuracy (README "Decoder search" has the measurements).
 *
 * @param maxActive   most tokens alive per frame ({@code --max-active})
 * @param beam        decoding beam ({@code --beam})
 * @param latticeBeam lattice pruning beam ({@code --lattice-beam}): word confidences and alternatives come from it
 */
public record DecoderSettings(OptionalInt maxActive, OptionalDouble beam, OptionalDouble latticeBeam) {
    /** The model's own settings. */
    public static final DecoderSettings MODEL = new DecoderSettings(OptionalInt.empty(), OptionalDouble.empty(),
            OptionalDouble.empty());

    public DecoderSettings {
        if (maxActive.isPresent() && maxActive.getAsInt() <= 0) {
            throw new IllegalArgumentException("max-active must be positive, not " + maxActive.getAsInt());
        }
        positive("beam", beam);
        positive("lattice-beam", latticeBeam);
    }

    private static void positive(String name, OptionalDouble value) {
        if (value.isPresent() && !(value.getAsDouble() > 0)) {
            throw new IllegalArgumentException(name + " must be positive, not " + value.getAsDouble());
        }
    }

    public static DecoderSettings of(int maxActive, double beam, double latticeBeam) {
        return new DecoderSettings(OptionalInt.of(maxActive), OptionalDouble.of(beam), OptionalDouble.of(latticeBeam));
    }

    public boolean isEmpty() {
        return overrides().isEmpty();
    }

    /** The set ones as model.conf options, by option name without the dashes. */
    public Map<String, String> overrides() {
        Map<String, String> out = new LinkedHashMap<>();
        maxActive.ifPresent(v -> out.put("max-active", Integer.toString(v)));
        beam.ifPresent(v -> out.put("beam", Double.toString(v)));
        latticeBeam.ifPresent(v -> out.put("lattice-beam", Double.toString(v)));
        return out;
    }

    /**
     * Refuses a max-active below the model's min-active: Kaldi checks min-active <= max-active only when a stream's
     * decoder is built ("Invalid options given to decoder"), so the model would load and every stream would fail.
     */
    public void checkAgainst(String modelConf) {
        String minActive = VoskModelView.option(modelConf, "min-active");
        if (maxActive.isPresent() && minActive != null && maxActive.getAsInt() < Integer.parseInt(minActive)) {
            throw new IllegalArgumentException("max-active " + maxActive.getAsInt()
                    + " is below the model's min-active " + minActive);
        }
    }

    /**
     * The search settings in use given the model's conf text, the overridden ones marked, e.g.
     * {@code min-active=200, max-active=1000 (model 3000), beam=10.0, lattice-beam=2.0}.
     */
    public String describe(String modelConf) {
        Map<String, String> overrides = overrides();
        List<String> out = new ArrayList<>();
        for (String option : List.of("min-active", "max-active", "beam", "lattice-beam")) {
            String own = VoskModelView.option(modelConf, option);
            String used = overrides.getOrDefault(option, own);
            out.add(option + "=" + (used == null ? "Vosk's default" : used)
                    + (overrides.containsKey(option) ? " (model " + (own == null ? "unset" : own) + ")" : ""));
        }
        return String.join(", ", out);
    }
}
