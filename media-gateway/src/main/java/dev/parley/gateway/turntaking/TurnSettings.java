package dev.parley.gateway.turntaking;

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

    /** Shorter silence that ends a turn whose transcript is clearly complete (a whole question, a goodbye). */
    @WithDefault("224")
    int fastEndpointingMs();

    /**
     * Extra silence to wait when the transcript sounds unfinished (dangling digits, "my email is", "and"). Callers
     * reading a number pause up to ~1.2 s between digit groups; with the endpointing silence before it, 1000 ms
     * waits ~1.5 s in all.
     */
    @WithDefault("1000")
    int unfinishedWaitMs();

    /**
     * While the agent talks, caller speech this long interrupts even before STT has words. Long enough for a
     * drawn-out "mhm" (the five benchmark voices say it in 0.6-0.9 s, the VAD trailing a frame or two after) not to;
     * real words usually interrupt sooner, through STT.
     */
    @WithDefault("1200")
    int bargeInConfirmMs();

    /** Quiet this long after a pause resumes the agent (false interruption: cough, noise, "mhm"). */
    @WithDefault("224")
    int bargeInReleaseMs();

    /**
     * While the agent talks, a rise of the caller's line this many dB above its background pauses the agent at once,
     * before the VAD (slow on some voices) calls it speech; 0 leaves barge-in to the VAD alone. Chosen on real audio
     * (BargeInOnAudioTest): five caller voices are paused on within 56 ms of their first sound at 12-21 dB, and an
     * office's ambience stops the agent no more often than the VAD alone does from 19 dB up.
     */
    @WithDefault("20")
    double bargeInOnsetDb();

    /** How long to wait for STT's final after a flush before the turn goes with the last partial transcript. */
    @WithDefault("1500")
    int sttFinalTimeoutMs();
}
