package dev.parley.contracts.events;

import java.time.Instant;

/** A finished user turn as recognized by STT (or typed with DTMF: {@code source} "speech" or "dtmf"). */
public record UserTurnEvent(String tenantId, String callId, Instant timestamp,
                            long turnId, String text, double confidence, String source) implements CallEvent {
    public static final String TYPE = "turn.user";
}
