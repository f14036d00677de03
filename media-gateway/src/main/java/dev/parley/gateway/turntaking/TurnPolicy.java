package dev.parley.gateway.turntaking;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The turn-taking thresholds one call runs with: the deployment's defaults ({@code parley.turn.*}) with the
 * tenant's overrides from its tenant.yaml ({@code turn:} section, same names in camelCase) applied on top.
 *
 * @param bargeInOnsetDb    a rise of the line's level this many dB above its background pauses a talking agent even
 *                          before the VAD calls it speech (0: the VAD alone)
 * @param sttFinalTimeoutMs how long the end of a turn waits for STT's final after a flush before it goes with the
 *                          last partial transcript (a recognizer that never answers must not leave the caller hanging)
 */
public record TurnPolicy(float vadStartThreshold, float vadEndThreshold, int speechStartMs, int endpointingMs,
                         int fastEndpointingMs, int unfinishedWaitMs, int bargeInConfirmMs, int bargeInReleaseMs,
                         double bargeInOnsetDb, int sttFinalTimeoutMs) {

    public TurnPolicy {
        if (vadEndThreshold > vadStartThreshold) {
            throw new IllegalArgumentException("vadEndThreshold must not exceed vadStartThreshold");
        }
        if (fastEndpointingMs > endpointingMs) {
            throw new IllegalArgumentException("fastEndpointingMs must not exceed endpointingMs");
        }
        if (bargeInOnsetDb < 0) {
            throw new IllegalArgumentException("bargeInOnsetDb must not be negative (0 turns it off)");
        }
        if (sttFinalTimeoutMs <= 0) {
            throw new IllegalArgumentException("sttFinalTimeoutMs must be positive");
        }
    }

    public static TurnPolicy of(TurnSettings s) {
        return new TurnPolicy(s.vadStartThreshold(), s.vadEndThreshold(), s.speechStartMs(), s.endpointingMs(),
                s.fastEndpointingMs(), s.unfinishedWaitMs(), s.bargeInConfirmMs(), s.bargeInReleaseMs(),
                s.bargeInOnsetDb(), s.sttFinalTimeoutMs());
    }

    /** Applies a tenant's overrides; an unknown name is an error, so a typo in tenant.yaml is not silently ignored. */
    public TurnPolicy with(Map<String, Double> overrides) {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("vadStartThreshold", (double) vadStartThreshold);
        v.put("vadEndThreshold", (double) vadEndThreshold);
        v.put("speechStartMs", (double) speechStartMs);
        v.put("endpointingMs", (double) endpointingMs);
        v.put("fastEndpointingMs", (double) fastEndpointingMs);
        v.put("unfinishedWaitMs", (double) unfinishedWaitMs);
        v.put("bargeInConfirmMs", (double) bargeInConfirmMs);
        v.put("bargeInReleaseMs", (double) bargeInReleaseMs);
        v.put("bargeInOnsetDb", bargeInOnsetDb);
        v.put("sttFinalTimeoutMs", (double) sttFinalTimeoutMs);
        overrides.forEach((name, value) -> {
            if (v.replace(name, value) == null) {
                throw new IllegalArgumentException("unknown turn setting '" + name + "'; known: " + v.keySet());
            }
        });
        return new TurnPolicy(v.get("vadStartThreshold").floatValue(), v.get("vadEndThreshold").floatValue(),
                v.get("speechStartMs").intValue(), v.get("endpointingMs").intValue(),
                v.get("fastEndpointingMs").intValue(), v.get("unfinishedWaitMs").intValue(),
                v.get("bargeInConfirmMs").intValue(), v.get("bargeInReleaseMs").intValue(),
                v.get("bargeInOnsetDb"), v.get("sttFinalTimeoutMs").intValue());
    }
}
