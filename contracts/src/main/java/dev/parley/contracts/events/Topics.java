package dev.parley.contracts.events;

import java.util.List;

/** Kafka topics of the event path. Every record's key is the call id. */
public final class Topics {
    /** Call lifecycle: started, ended, transfer, the post-call analysis, outbound dialling. */
    public static final String CALLS = "parley.calls";
    /** Conversation: user turns, agent turns, barge-ins, tool invocations. */
    public static final String TURNS = "parley.turns";
    /** Per-turn stage timestamps. */
    public static final String LATENCY = "parley.latency";
    /** Engine usage and fallbacks (STT seconds, TTS characters). */
    public static final String ENGINES = "parley.engines";

    public static final List<String> ALL = List.of(CALLS, TURNS, LATENCY, ENGINES);

    private Topics() {
    }

    public static String topicOf(CallEvent event) {
        if (event instanceof CallStarted || event instanceof CallEnded || event instanceof TransferRequested
                || event instanceof TransferNotReached || event instanceof CallAnalyzed || event instanceof OutboundCall) {
            return CALLS;
        }
        if (event instanceof TurnLatency) {
            return LATENCY;
        }
        if (event instanceof SpeechRecognized || event instanceof SpeechSynthesized || event instanceof EngineFallback
                || event instanceof BackendFailover) {
            return ENGINES;
        }
        return TURNS;
    }
}
