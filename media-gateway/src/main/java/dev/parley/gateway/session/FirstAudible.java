package dev.parley.gateway.session;

import dev.parley.gateway.tracing.CallTrace;
import dev.parley.gateway.transport.CallTransport;

/**
 * The voice-to-voice latency of each agent turn as the caller hears it: from the end of their speech to the first
 * frame above the audible level, at the time it is due at their ear. Reported once per turn: trace, event, metric and
 * the line (the browser shows it).
 */
final class FirstAudible {
    private final CallTrace trace;
    private final CallEvents events;
    private final GatewayMetrics metrics;
    private final CallTransport transport;

    FirstAudible(CallTrace trace, CallEvents events, GatewayMetrics metrics, CallTransport transport) {
        this.trace = trace;
        this.events = events;
        this.metrics = metrics;
        this.transport = transport;
    }

    /** Audio went to a line that had gone quiet, in {@code turn} (null: none in flight, e.g. a held prompt). */
    void audioStarts(AgentTurn turn) {
        if (turn != null) {
            trace.playoutStarted(turn.turnId);
            turn.timeline.audioSent();
        }
    }

    /** A frame the caller can hear will play at {@code playAtNanos} (System.nanoTime()), in {@code turn}. */
    void audible(AgentTurn turn, long playAtNanos) {
        if (turn == null || turn.timeline.firstAudibleMs != 0) {
            return;
        }
        TurnTimeline timeline = turn.timeline;
        timeline.firstAudibleMs = TurnTimeline.now() + (playAtNanos - System.nanoTime()) / 1_000_000;
        long millis = timeline.endOfSpeechMs > 0 ? timeline.firstAudibleMs - timeline.endOfSpeechMs : -1;
        trace.firstAudible(turn.turnId, timeline.firstAudibleMs, millis);
        if (millis >= 0) {
            events.latency(turn);
            metrics.voiceToVoice(millis);
            transport.turnLatency(turn.turnId, millis);
        }
    }
}
