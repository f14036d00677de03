package dev.parley.gateway.recording;

import java.util.Optional;

/**
 * What a call session tells its recording: the caller's audio as it arrives, the agent's as it leaves for the line,
 * the line dropping what it had not played, the end. Called on the call's context; never blocks and never throws.
 * {@link #NONE} for a call that is not recorded.
 */
public interface CallRecording {
    CallRecording NONE = new CallRecording() {
    };

    /** The announcement to play before anything else, when this call is recorded. */
    default Optional<byte[]> consent() {
        return Optional.empty();
    }

    /** Caller audio, G.711 μ-law at 8 kHz. */
    default void callerMuLaw(byte[] ulaw) {
    }

    /** Caller audio, PCM16 at 16 kHz (browser lines). */
    default void callerPcm16k(short[] pcm) {
    }

    /**
     * A μ-law frame of agent audio sent to the line, due to play at {@code playAtNanos} (System.nanoTime()), part of
     * agent phrase {@code phrase} (numbered by the session when this recording {@link #redacts}; 0 otherwise).
     */
    default void agentAudio(byte[] ulawFrame, long playAtNanos, int phrase) {
    }

    /** The line was told to drop the agent audio it had not played yet (barge-in). */
    default void lineCleared() {
    }

    /** Whether PII is bleeped in this recording: only then is it worth telling where PII was heard. */
    default boolean redacts() {
        return false;
    }

    /**
     * The caller said PII in caller samples {@code [from, to)}: 8 kHz, counted from the first caller audio of the call
     * as it was given to this recording (browser audio after its conversion from 16 kHz).
     */
    default void redactCaller(long fromSample, long toSample) {
    }

    /** The caller pressed a key just now: its tone in the caller's audio is bleeped (keys are PINs, card numbers). */
    default void redactCallerKeyPress() {
    }

    /** Agent phrase {@code phrase} carries PII: its audio is bleeped wherever it played. */
    default void redactAgentPhrase(int phrase) {
    }

    /** Agent phrases up to {@code phrase} will send no more audio (their turn is over). */
    default void agentPhrasesSettled(int phrase) {
    }

    /**
     * The call ended at {@code endNanos} (System.nanoTime()): the recording, that long, is completed off the call's
     * thread. Told later than the call ended when PII may still be learned of; a second call is ignored.
     */
    default void end(long endNanos) {
    }
}
