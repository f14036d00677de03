package dev.parley.tts.warmup;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the warm-up is: WARMING until it has run, then DONE with each engine's result ("warm", "unavailable", or
 * why it failed). Ready when it was disabled, or when at least one engine got warm: as with engine availability, a
 * failed engine costs voice quality, not silence, while another can speak.
 */
public record WarmUpState(Phase phase, Map<String, String> engines, long millis) {
    public static final String WARM = "warm";

    public enum Phase { WARMING, DONE, DISABLED }

    static WarmUpState warming() {
        return new WarmUpState(Phase.WARMING, Map.of(), -1);
    }

    static WarmUpState disabled() {
        return new WarmUpState(Phase.DISABLED, Map.of(), -1);
    }

    static WarmUpState finished(Map<String, String> engines, long millis) {
        return new WarmUpState(Phase.DONE, Collections.unmodifiableMap(new LinkedHashMap<>(engines)), millis);
    }

    public boolean ready() {
        return phase == Phase.DISABLED || (phase == Phase.DONE && engines.containsValue(WARM));
    }

    /** Why it is not ready, or null. */
    public String reason() {
        if (phase == Phase.WARMING) {
            return "warming";
        }
        return ready() ? null : "no engine spoke in the warm-up";
    }
}
