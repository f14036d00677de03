package dev.parley.gateway.vad;

import dev.parley.audio.Pcm16;

/** One call's VAD: recurrent state plus the last {@link SileroVad#CONTEXT} samples of the previous frame. */
public final class VadStream {
    private final SileroVad model;
    private final float[] input = new float[SileroVad.CONTEXT + SileroVad.FRAME];
    private final float[] state = new float[SileroVad.STATE_SIZE];

    VadStream(SileroVad model) {
        this.model = model;
    }

    /** Speech probability of one 512-sample 16 kHz frame. */
    public float probability(short[] frame) {
        if (frame.length != SileroVad.FRAME) {
            throw new IllegalArgumentException("VAD frames are " + SileroVad.FRAME + " samples, got " + frame.length);
        }
        Pcm16.toFloats(frame, 0, input, SileroVad.CONTEXT, SileroVad.FRAME);
        float p = model.infer(input, state);
        System.arraycopy(input, SileroVad.FRAME, input, 0, SileroVad.CONTEXT);
        return p;
    }
}
