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

    /** A μ-law frame of agent audio sent to the line, due to play at {@code playAtNanos} (System.nanoTime()). */
    default void agentAudio(byte[] ulawFrame, long playAtNanos) {
    }

    /** The line was told to drop the agent audio it had not played yet (barge-in). */
    default void lineCleared() {
    }

    /** The call ended: the recording is completed off the call's thread. */
    default void end() {
    }
}
