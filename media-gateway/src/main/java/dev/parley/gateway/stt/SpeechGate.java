package dev.parley.gateway.stt;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Lets caller audio through to the recognizer only around speech, so that STT costs follow what callers say, not
 * how long calls last (most of a call is silence or the agent talking; Vosk costs as much per second of silence as
 * of speech). The gate opens at the first frame the VAD gives some chance of speech, and first sends the frames just
 * before it (pre-roll), so no first syllable is lost; it stays open while speech goes on and for a hangover after it,
 * so the endpointing silence and the flush that ends a turn reach the recognizer in order.
 * Not thread-safe: driven from the call's context.
 */
public final class SpeechGate {
    private final int preRollFrames;
    private final int hangoverFrames;
    private final float openThreshold;
    private final Consumer<short[]> recognizer;
    private final ArrayDeque<short[]> preRoll = new ArrayDeque<>();
    private int hangoverLeft;
    private long framesSent;
    private long framesSeen;

    /**
     * @param openThreshold speech probability that opens the gate: below the VAD's speech threshold, so the gate
     *                      is open before speech is confirmed
     */
    public SpeechGate(int preRollFrames, int hangoverFrames, float openThreshold, Consumer<short[]> recognizer) {
        this.preRollFrames = preRollFrames;
        this.hangoverFrames = hangoverFrames;
        this.openThreshold = openThreshold;
        this.recognizer = recognizer;
    }

    public void frame(short[] frame, float speechProbability) {
        framesSeen++;
        if (speechProbability >= openThreshold) {
            while (!preRoll.isEmpty()) {
                send(preRoll.poll());
            }
            hangoverLeft = hangoverFrames;
            send(frame);
        } else if (hangoverLeft > 0) {
            hangoverLeft--;
            send(frame);
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

    private void send(short[] frame) {
        framesSent++;
        recognizer.accept(frame);
    }
}
