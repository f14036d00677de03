package dev.parley.gateway.turntaking;

import dev.parley.contracts.stt.v1.Transcript;
import dev.parley.gateway.vad.SpeechDetector;

import java.util.Set;

/**
 * Turn-taking of one call as one pure state machine: who holds the floor, and every decision about handing it
 * over — end of the caller's turn ({@link EndOfTurn}), barge-in and false interruptions ({@link BargeIn}), DTMF and
 * push-to-talk. Events come in with the time they happened (clock injected by the caller of these methods);
 * decisions go out as {@link TurnCommands}. It touches no stream, timer or thread, so every case is a unit test.
 *
 * <pre>
 *   OPEN ──caller speech──▶ CALLER ──end of turn──▶ AGENT ──agent heard in full──▶ OPEN (or CALLER if talking)
 *                                                    │ ▲
 *                                  caller sound ─────▼ │── quiet again (false interruption: resume)
 *                                               AGENT_PAUSED ──words / long speech──▶ CALLER (interrupted)
 * </pre>
 */
public final class TurnTaking {
    public enum Floor {
        /** Nobody talks: the agent has been heard, the caller has not started. */
        OPEN,
        /** The caller talks, or has just stopped and their turn is being decided. */
        CALLER,
        /** The agent's turn is in flight: thinking or speaking. */
        AGENT,
        /** The agent's audio is stopped because the caller may be interrupting. */
        AGENT_PAUSED
    }

    /**
     * For this long after a false pause is released, words that mean an interruption still make it one: STT hears a
     * "wait" a few hundred ms after it was said, often after the pause behind it ("wait, I have…") was released.
     */
    static final int LATE_WORDS_MS = 1000;

    private final TurnCommands out;
    private final SpeechDetector speech;
    /** Ends the caller's speech when its sound ends, not when the VAD lets go of it. */
    private final VadTrail speechTrail;
    private final BargeIn bargeIn;
    private final EndOfTurn endOfTurn;
    /** The call opens with the agent's greeting. */
    private Floor floor = Floor.AGENT;
    private long releasedAtMs = Long.MIN_VALUE;

    public TurnTaking(TurnPolicy policy, TurnCommands out, int frameMs) {
        this.out = out;
        this.speech = new SpeechDetector(new SpeechDetector.Settings(policy.vadStartThreshold(),
                policy.vadEndThreshold(), policy.speechStartMs(), policy.endpointingMs()), frameMs);
        this.speechTrail = new VadTrail(policy.vadStartThreshold(), frameMs);
        this.bargeIn = new BargeIn(policy.vadStartThreshold(), policy.vadEndThreshold(), policy.bargeInConfirmMs(),
                policy.bargeInReleaseMs(), policy.bargeInOnsetDb(), frameMs);
        this.endOfTurn = new EndOfTurn(policy, speech, out, this::callerTurnOver);
    }

    /** Whether the caller is speaking now, by VAD (their turn may still be open while they are silent). */
    public boolean callerSpeakingNow() {
        return speech.speaking();
    }

    public Floor floor() {
        return floor;
    }

    public boolean agentHoldsFloor() {
        return floor == Floor.AGENT || floor == Floor.AGENT_PAUSED;
    }

    /**
     * One frame of caller audio.
     *
     * @param probability the VAD's speech probability
     * @param riseDb      how far the frame's level rises above the line's background, in dB (NaN: not known yet)
     * @param echo        whether the frame is only the agent's own voice coming back down the line
     */
    public void onFrame(long nowMs, float probability, double riseDb, boolean echo) {
        float p = echo ? 0f : probability;
        float caller = callerSpeechProbability(p, riseDb);
        SpeechDetector.Change change = speech.update(caller);
        endOfTurn.heard(nowMs, caller);
        switch (floor) {
            case AGENT, AGENT_PAUSED -> {
                // The caller's sounds only become a turn once they have interrupted the agent.
                switch (bargeIn.onFrame(p, echo ? 0 : riseDb)) {
                    case PAUSE -> {
                        floor = Floor.AGENT_PAUSED;
                        out.pauseAgent();
                    }
                    case RESUME -> {
                        floor = Floor.AGENT;
                        out.resumeAgent();
                        endOfTurn.discard();
                        releasedAtMs = nowMs;
                    }
                    case INTERRUPT -> interrupt(nowMs);
                    default -> {
                    }
                }
            }
            case OPEN -> {
                if (change == SpeechDetector.Change.SPEECH_STARTED) {
                    callerTakesFloor(nowMs);
                }
            }
            case CALLER -> {
                if (change == SpeechDetector.Change.SPEECH_STARTED) {
                    endOfTurn.begin(nowMs);
                } else {
                    endOfTurn.frame(nowMs, change);
                }
            }
        }
    }

    /**
     * The VAD's probability, or 0 once the caller's speech has gone quiet while the VAD still trails it: the silence
     * that ends a turn starts when the sound ends. (Barge-in applies the same rule to a paused agent's release.)
     */
    private float callerSpeechProbability(float p, double riseDb) {
        if (!speech.speaking()) {
            speechTrail.reset();
            return p;
        }
        return speechTrail.quiet(p, riseDb) ? 0f : p;
    }

    /**
     * A partial transcript.
     *
     * @param echoOfAgent whether its words are all words the agent is saying now (its own voice heard back)
     */
    public void onPartial(long nowMs, String text, boolean echoOfAgent) {
        endOfTurn.partial(nowMs, text);
        if (echoOfAgent) {
            return;
        }
        if (floor == Floor.AGENT_PAUSED && bargeIn.onWords(text) == BargeIn.Verdict.INTERRUPT
                || lateWordsInterrupt(nowMs, text)) {
            interrupt(nowMs);
        }
    }

    public void onFinal(long nowMs, Transcript transcript) {
        endOfTurn.onFinal(nowMs, transcript);
        if (lateWordsInterrupt(nowMs, transcript.getText())) {
            interrupt(nowMs);
        }
    }

    /** Words of a sound whose pause was just released, heard late, that show it was an interruption after all. */
    private boolean lateWordsInterrupt(long nowMs, String text) {
        return floor == Floor.AGENT && releasedAtMs != Long.MIN_VALUE && nowMs - releasedAtMs <= LATE_WORDS_MS
                && BargeIn.meansInterruption(text);
    }

    /** A wake requested with {@link TurnCommands#wakeAt} is due. */
    public void onTimer(long nowMs) {
        endOfTurn.onTimer(nowMs);
    }

    /** The agent's turn was heard in full (or had nothing to say): the floor goes back to the caller. */
    public void onAgentDone(long nowMs) {
        if (!agentHoldsFloor()) {
            return;
        }
        bargeIn.reset();
        releasedAtMs = Long.MIN_VALUE;
        if (speech.speaking()) {
            callerTakesFloor(nowMs);
        } else {
            floor = Floor.OPEN;
        }
    }

    /** STT is failing over ({@code down}) or back: a final late for want of an instance is waited for. */
    public void onSttOutage(long nowMs, boolean down) {
        endOfTurn.sttOutage(nowMs, down);
    }

    /** The brain ended its turn saying how many digits make a whole number in the caller's answer (empty: unknown). */
    public void onBrainExpects(Set<Integer> digitCounts) {
        endOfTurn.expect(new ExpectedDigits(digitCounts));
    }

    /** Keys pressed: a turn of their own, cutting the agent short. */
    public void onDtmf(long nowMs, String digits) {
        yieldAgent();
        floor = Floor.AGENT;
        out.userTurn(UserTurn.dtmf(digits, nowMs));
    }

    /** Push-to-talk pressed: the caller takes the floor at once, interrupting the agent if it talks. */
    public void onTalkPressed(long nowMs) {
        yieldAgent();
        callerTakesFloor(nowMs);
    }

    /** Push-to-talk released: the caller says the turn is over. */
    public void onTalkReleased(long nowMs) {
        if (floor == Floor.CALLER) {
            endOfTurn.endSignalled(nowMs);
        }
    }

    private void interrupt(long nowMs) {
        yieldAgent();
        callerTakesFloor(nowMs);
    }

    private void yieldAgent() {
        if (agentHoldsFloor()) {
            bargeIn.reset();
            out.interruptAgent();
        }
    }

    private void callerTakesFloor(long nowMs) {
        floor = Floor.CALLER;
        releasedAtMs = Long.MIN_VALUE;
        endOfTurn.begin(nowMs);
    }

    private void callerTurnOver(UserTurn turn) {
        if (turn == null) {
            floor = Floor.OPEN;
            out.callerQuiet();
        } else {
            floor = Floor.AGENT;
            out.userTurn(turn);
        }
    }
}
