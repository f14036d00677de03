package dev.parley.gateway.turntaking;

import dev.parley.contracts.stt.v1.Transcript;

import java.util.ArrayList;
import java.util.List;

/**
 * Drives a {@link TurnTaking} through a call as a sequence of events on a simulated clock: 32 ms VAD frames,
 * transcripts, agent turns heard, keys. Wakes the machine asked for are delivered when the clock passes them.
 * Commands are recorded as short strings ("pause", "flush 1", "turn: text"), so a test reads as a transcript.
 */
final class TurnTakingHarness implements TurnCommands {
    static final float SPEECH = 0.92f;
    static final float QUIET = 0.04f;
    static final int FRAME_MS = 32;

    final List<String> commands = new ArrayList<>();
    final List<UserTurn> turns = new ArrayList<>();
    final TurnTaking machine;
    long now = 1_000;
    private long wake = Long.MAX_VALUE;
    private long lastFlush;

    TurnTakingHarness(TurnPolicy policy) {
        machine = new TurnTaking(policy, this, FRAME_MS);
    }

    static TurnPolicy defaults() {
        return new TurnPolicy(0.5f, 0.35f, 96, 400, 224, 1000, 900, 224, 20, 1500);
    }

    /** The greeting (or any agent turn) has been heard in full. */
    TurnTakingHarness agentDone() {
        machine.onAgentDone(now);
        return this;
    }

    TurnTakingHarness speech(int ms) {
        return frames(ms, SPEECH, false);
    }

    TurnTakingHarness silence(int ms) {
        return frames(ms, QUIET, false);
    }

    TurnTakingHarness echo(int ms) {
        return frames(ms, SPEECH, true);
    }

    TurnTakingHarness frames(int ms, float probability, boolean echo) {
        for (int t = 0; t < ms; t += FRAME_MS) {
            advance(FRAME_MS);
            machine.onFrame(now, probability, Double.NaN, echo);
        }
        return this;
    }

    /** One frame as the call's analysis reports it: the VAD's probability and the line's rise above background. */
    TurnTakingHarness frame(float probability, double riseDb) {
        return frame(probability, riseDb, false);
    }

    TurnTakingHarness frame(float probability, double riseDb, boolean echo) {
        advance(FRAME_MS);
        machine.onFrame(now, probability, riseDb, echo);
        return this;
    }

    /** Time passes with no frame at all (a line that sends nothing, e.g. a muted browser). */
    TurnTakingHarness idle(int ms) {
        advance(ms);
        return this;
    }

    TurnTakingHarness partial(String text) {
        machine.onPartial(now, text, false);
        return this;
    }

    TurnTakingHarness partialOfAgentsOwnWords(String text) {
        machine.onPartial(now, text, true);
        return this;
    }

    /** STT's final answering the last flush the machine asked for. */
    TurnTakingHarness finalForLastFlush(String text) {
        return finalFor(lastFlush, text);
    }

    TurnTakingHarness finalFor(long seq, String text) {
        machine.onFinal(now, Transcript.newBuilder().setText(text).setFlushSeq(seq).setConfidence(0.97f).build());
        return this;
    }

    long lastFlush() {
        return lastFlush;
    }

    UserTurn onlyTurn() {
        if (turns.size() != 1) {
            throw new AssertionError("expected one user turn, got " + turns + "; commands " + commands);
        }
        return turns.get(0);
    }

    boolean said(String command) {
        return commands.contains(command);
    }

    private void advance(int ms) {
        long until = now + ms;
        while (wake <= until) {
            now = Math.max(now, wake);
            wake = Long.MAX_VALUE;
            machine.onTimer(now);
        }
        now = until;
    }

    @Override
    public void pauseAgent() {
        commands.add("pause");
    }

    @Override
    public void resumeAgent() {
        commands.add("resume");
    }

    @Override
    public void interruptAgent() {
        commands.add("interrupt");
    }

    @Override
    public void flushStt(long seq) {
        lastFlush = seq;
        commands.add("flush " + seq);
    }

    @Override
    public void userTurn(UserTurn turn) {
        turns.add(turn);
        commands.add("turn: " + turn.text());
    }

    @Override
    public void caption(String textSoFar) {
    }

    @Override
    public void callerSpeaking() {
        commands.add("caller speaking");
    }

    @Override
    public void callerQuiet() {
        commands.add("caller quiet");
    }

    @Override
    public void wakeAt(long atMs) {
        wake = atMs;
    }
}
