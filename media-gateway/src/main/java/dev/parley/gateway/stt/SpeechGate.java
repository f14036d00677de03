package dev.parley.gateway.stt;

import java.util.ArrayDeque;

/**
 * Lets caller audio through to the recognizer only around speech, so that STT costs follow what callers say, not
 * how long calls last (most of a call is silence or the agent talking; Vosk costs as much per second of silence as
 * of speech). The gate opens at the first frame the VAD gives some chance of speech, and first sends the frames just
 * before it (pre-roll), so no first syllable is lost; it stays open while speech goes on and for a hangover after it,
 * so the endpointing silence and the flush that ends a turn reach the recognizer in order.
 * Not thread-safe: driven from the call's context.
 */
public final class SpeechGate {
    /** Where the frames that pass go. */
    public interface Recognizer {
        /** {@code index}: the frame's place among all frames the gate saw (pre-roll frames are sent late). */
        void accept(short[] frame, long index);
    }

    private final int preRollFrames;
    private final int hangoverFrames;
    private final float openThreshold;
    private final Recognizer recognizer;
    private final ArrayDeque<short[]> preRoll = new ArrayDeque<>();
    private int hangoverLeft;
    private long framesSent;
    private long framesSeen;

    /**
     * @param openThreshold speech probability that opens the gate: below the VAD's speech threshold, so the gate
     *                      is open before speech is confirmed
     */
    public SpeechGate(int preRollFrames, int hangoverFrames, float openThreshold, Recognizer recognizer) {
        this.preRollFrames = preRollFrames;
        this.hangoverFrames = hangoverFrames;
        this.openThreshold = openThreshold;
        this.recognizer = recognizer;
    }

    public void frame(short[] frame, float speechProbability) {
        long index = framesSeen++;
        if (speechProbability >= openThreshold) {
            long preRollIndex = index - preRoll.size();
            while (!preRoll.isEmpty()) {
                send(preRoll.poll(), preRollIndex++);
            }
            hangoverLeft = hangoverFrames;
            send(frame, index);
        } else if (hangoverLeft > 0) {
            hangoverLeft--;
            send(frame, index);
        } else {
            preRoll.add(frame);
            if (preRoll.size() > preRollFrames) {
                preRoll.poll();
            }
        }
    }

    public boolean open() {
        return hangoverLeft > 0;
    }

    /** Share of the frames seen that went to the recognizer. */
    public double sentShare() {
        return framesSeen == 0 ? 0 : (double) framesSent / framesSeen;
    }

    private void send(short[] frame, long index) {
        framesSent++;
        recognizer.accept(frame, index);
    }
}
