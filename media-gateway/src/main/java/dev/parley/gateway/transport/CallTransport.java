package dev.parley.gateway.transport;

import io.opentelemetry.api.trace.SpanContext;

import java.util.function.Consumer;

/** What a call session needs from the phone line it runs on (Twilio, Telnyx, browser...). */
public interface CallTransport {

    /** End reason of a call handed to a person. */
    String TRANSFERRED = "transferred";

    /** End reason of a call whose transfer the line refused or that failed: it was hung up instead. */
    String TRANSFER_FAILED = "transfer-failed";

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

    /**
     * Ends the call by handing the caller to {@code target} (a sip:/tel: URI or an E.164 number), then reports
     * whether the hand-over happened to {@code outcome}, on the call's context. A line that cannot transfer by
     * itself (its provider's own API would, outside the media stream) hangs up and counts the call as transferred,
     * as the gateway always has.
     */
    default void transfer(String target, Consumer<Boolean> outcome) {
        hangUp(TRANSFERRED);
        outcome.accept(true);
    }

    /**
     * Hands the caller to {@code target} warm, the agent briefing the person first; false if this line cannot (the
     * default, and a SIP line whose tenant has no {@code sip.transfer.warm}), and the session transfers cold.
     */
    default boolean transferWarm(String target, HandOver handOver) {
        return false;
    }

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
