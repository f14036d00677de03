package dev.parley.gateway.transport;

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
}
