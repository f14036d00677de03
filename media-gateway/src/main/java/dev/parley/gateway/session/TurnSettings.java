package dev.parley.gateway.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Turn-taking thresholds ({@code parley.turn.*}). */
@ConfigMapping(prefix = "parley.turn")
public interface TurnSettings {
    @WithDefault("0.5")
    float vadStartThreshold();

    @WithDefault("0.35")
    float vadEndThreshold();

    /** Speech must last this long to start a user turn (and to interrupt the agent). */
    @WithDefault("96")
    int speechStartMs();

    /** Silence after speech that ends a user turn. */
    @WithDefault("400")
    int endpointingMs();
}
