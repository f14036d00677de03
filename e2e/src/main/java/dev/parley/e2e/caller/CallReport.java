package dev.parley.e2e.caller;

import java.util.List;

/** The outcome of a call as the caller experienced it: who said what, how fast the agent answered, how it ended. */
public record CallReport(String callSid, String tenant, List<AgentTurn> turns, CloseStatus close, long durationMs,
        List<String> protocolProblems, TurnTranscriber transcriber) {

    /** The conversation in order: each caller utterance, then the agent's transcribed reply. */
    public String conversation() {
        return conversation(turns, transcriber);
    }

    public static String conversation(List<AgentTurn> turns, TurnTranscriber transcriber) {
        StringBuilder out = new StringBuilder();
        for (AgentTurn t : turns) {
            if (t.callerText() != null) {
                out.append("  caller: ").append(t.callerText()).append('\n');
            }
            if (t.hasAudio()) {
                String heard = transcriber == null ? t.lastTranscript() : t.transcript(transcriber);
                out.append("  agent:  ").append(heard.isEmpty() ? "(unintelligible)" : heard);
                out.append(String.format("   [%d ms played", t.playedMs()));
                if (t.clears() > 0) {
                    out.append(String.format(", interrupted: %d ms cleared", t.clearedMs()));
                }
                out.append("]\n");
            } else if (t.callerText() != null) {
                out.append("  agent:  (no reply)\n");
            }
        }
        return out.toString();
    }

    public String latencyTable() {
        return LatencyTable.format(turns);
    }

    public long medianReplyLatencyMs() {
        return LatencyTable.median(LatencyTable.replyLatencies(turns));
    }

    /** Whole seconds a per-second biller would charge for this call as the caller timed it. */
    public long billableSeconds() {
        return (durationMs + 999) / 1000;
    }
}
