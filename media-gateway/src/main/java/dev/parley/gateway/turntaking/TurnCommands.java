package dev.parley.gateway.turntaking;

/**
 * What {@link TurnTaking} asks of the call. The session carries these out on the streams (playout, line, STT,
 * brain); tests record them. Every call comes from inside one of {@link TurnTaking}'s event methods.
 */
public interface TurnCommands {
    /** The caller may be interrupting: stop the agent's audio at the caller's ear, keeping what was not heard. */
    void pauseAgent();

    /** A false interruption (a cough, "mhm"): the agent goes on from where its audio stopped. */
    void resumeAgent();

    /** A real interruption: the agent's turn ends now — audio, synthesis and brain together. */
    void interruptAgent();

    /** Ask the recognizer for the final transcript of everything heard so far, answered with {@code seq}. */
    void flushStt(long seq);

    /** The caller's turn is over: the agent answers it. */
    void userTurn(UserTurn turn);

    /** What the caller has said so far in the turn (live captions). */
    void caption(String textSoFar);

    /** The caller has the floor (possibly after interrupting the agent). */
    void callerSpeaking();

    /** The caller made sounds but said nothing: nobody has the floor. */
    void callerQuiet();

    /** Call {@link TurnTaking#onTimer(long)} at {@code atMs} (the clock of the event times); replaces any earlier wake. */
    void wakeAt(long atMs);
}
