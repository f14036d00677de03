package dev.parley.e2e.caller;

import java.util.ArrayList;
import java.util.List;

/**
 * What the caller observed during one call: the agent turns (turn 0 is the greeting, turn n answers the caller's n-th
 * utterance), protocol problems, echoed marks, and when the call started and ended on the caller's side.
 */
public final class CallLog {
    private final List<AgentTurn> turns = new ArrayList<>();
    private final List<String> protocolProblems = new ArrayList<>();
    private AgentTurn currentTurn;
    private long marksEchoed;
    private long startNanos;
    private long endNanos;

    synchronized void started(long nanos) {
        startNanos = nanos;
        currentTurn = new AgentTurn(0, null, nanos, true);
        turns.add(currentTurn);
    }

    /** Opens the turn that answers {@code callerText}: agent audio arriving from now on belongs to it. */
    synchronized AgentTurn openTurn(String callerText) {
        currentTurn = new AgentTurn(turns.size(), callerText, 0, false);
        turns.add(currentTurn);
        return currentTurn;
    }

    synchronized AgentTurn currentTurn() {
        return currentTurn;
    }

    synchronized void ended(long nanos) {
        if (endNanos == 0) {
            endNanos = nanos;
        }
    }

    synchronized void markEchoed() {
        marksEchoed++;
    }

    synchronized void protocolProblem(String description) {
        protocolProblems.add(description);
    }

    synchronized long startNanos() {
        return startNanos;
    }

    /** Milliseconds from {@code start} to the end of the call, or until now while it is still running. */
    public synchronized long durationMs() {
        long end = endNanos != 0 ? endNanos : System.nanoTime();
        return (end - startNanos) / 1_000_000;
    }

    public synchronized List<AgentTurn> turns() {
        return List.copyOf(turns);
    }

    public synchronized List<String> protocolProblems() {
        return List.copyOf(protocolProblems);
    }

    public synchronized long marksEchoed() {
        return marksEchoed;
    }
}
