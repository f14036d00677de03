package dev.parley.e2e.caller;

import java.io.ByteArrayOutputStream;

/**
 * What the agent said in reply to one caller utterance (turn 0 is the greeting), as the caller received and heard it.
 * Written by the socket thread (received audio) and the playback clock (played audio), read by the script thread.
 */
public final class AgentTurn {
    private final int index;
    private final String callerText;
    /** Turn 0: when the call started; otherwise when the last speech frame of the caller's utterance was sent. */
    private long referenceNanos;
    private boolean referenceSet;
    private long firstAudioReceivedNanos = -1;
    private long lastAudioReceivedNanos = -1;
    private long lastPlayedNanos = -1;
    private long receivedBytes;
    private long clearedBytes;
    private int clears;
    private final ByteArrayOutputStream played = new ByteArrayOutputStream();
    private String transcript;
    private int transcribedBytes = -1;
    private boolean complete;

    AgentTurn(int index, String callerText, long referenceNanos, boolean referenceSet) {
        this.index = index;
        this.callerText = callerText;
        this.referenceNanos = referenceNanos;
        this.referenceSet = referenceSet;
    }

    public int index() {
        return index;
    }

    /** The utterance this turn answers, or null for the greeting. */
    public String callerText() {
        return callerText;
    }

    /** When the caller finished the utterance this turn answers (System.nanoTime()), or the call started. */
    public synchronized long callerEndedNanos() {
        return referenceNanos;
    }

    synchronized void callerSpeechEnded(long nanos) {
        referenceNanos = nanos;
        referenceSet = true;
    }

    synchronized void audioReceived(int bytes, long nanos) {
        // More audio after a pause (filler speech, then the answer once a tool returns): the turn goes on.
        complete = false;
        if (firstAudioReceivedNanos < 0) {
            firstAudioReceivedNanos = nanos;
        }
        lastAudioReceivedNanos = nanos;
        receivedBytes += bytes;
    }

    synchronized void audioPlayed(byte[] ulaw, long nanos) {
        played.writeBytes(ulaw);
        lastPlayedNanos = nanos;
    }

    synchronized void audioCleared(long bytes) {
        clearedBytes += bytes;
        clears++;
    }

    synchronized void markComplete() {
        complete = true;
    }

    public synchronized boolean isComplete() {
        return complete;
    }

    public synchronized boolean hasAudio() {
        return firstAudioReceivedNanos >= 0;
    }

    synchronized long lastActivityNanos() {
        return Math.max(lastAudioReceivedNanos, lastPlayedNanos);
    }

    /**
     * Milliseconds from the end of the caller's speech (or the call start, for the greeting) to the first agent audio
     * frame received; negative if the agent started before the caller finished; -1 if no audio has arrived yet.
     */
    public synchronized long latencyMs() {
        if (firstAudioReceivedNanos < 0 || !referenceSet) {
            return -1;
        }
        return (firstAudioReceivedNanos - referenceNanos) / 1_000_000;
    }

    public synchronized long receivedMs() {
        return receivedBytes / 8;
    }

    public synchronized long playedMs() {
        return played.size() / 8;
    }

    public synchronized long clearedMs() {
        return clearedBytes / 8;
    }

    public synchronized int clears() {
        return clears;
    }

    public synchronized byte[] playedAudio() {
        return played.toByteArray();
    }

    /** The transcript of the played audio, recomputed only if more audio played since the last transcription. */
    public String transcript(TurnTranscriber transcriber) {
        byte[] audio;
        synchronized (this) {
            if (transcript != null && transcribedBytes == played.size()) {
                return transcript;
            }
            audio = played.toByteArray();
        }
        String text = transcriber.transcribe(audio);
        synchronized (this) {
            transcript = text;
            transcribedBytes = audio.length;
            return text;
        }
    }

    /** The last transcript computed, without transcribing again; empty if none yet. */
    public synchronized String lastTranscript() {
        return transcript == null ? "" : transcript;
    }
}
