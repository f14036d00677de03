package dev.parley.gateway.transport;

import io.opentelemetry.api.trace.SpanContext;

/** What a call session needs from the phone line it runs on (Twilio, Telnyx, browser...). */
public interface CallTransport {

    /** Transport name for events and metrics, e.g. "twilio". */
    String name();

    /** One 20 ms frame of G.711 μ-law 8 kHz audio to the caller. */
    void sendAudio(byte[] ulawFrame);

    /** A mark the line echoes back once the audio sent before it has played. */
    void sendMark(String name);

    /** Drops audio the line has buffered but not yet played (barge-in). */
    void clear();

    /** Ends the call from our side. */
    void hangUp(String reason);

    /** What the caller said so far in the current turn (browser captions); phone lines ignore it. */
    default void userTranscript(long turnId, String text, boolean isFinal) {
    }

    /** The agent's text of a turn as the brain writes it (browser captions). */
    default void agentText(long turnId, String textSoFar) {
    }

    /** How much of an agent turn the caller heard, and whether they cut it short. */
    default void agentHeard(long turnId, String heardText, boolean interrupted) {
    }

    /** End of the caller's speech to the first agent audio, for one turn. */
    default void turnLatency(long turnId, long millis) {
    }

    /** The trace of the request that set the call up (a voice webhook), which the call's trace links to; invalid if none. */
    default SpanContext origin() {
        return SpanContext.getInvalid();
    }
}
