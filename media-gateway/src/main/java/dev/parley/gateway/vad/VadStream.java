package dev.parley.gateway.vad;

import dev.parley.audio.Pcm16;

/**
 * One call's VAD: recurrent state plus the last {@link SileroVad#CONTEXT} samples of the previous frame.
 * <p>
 * Once the model has said "silence" ({@link #SETTLED}), a frame quieter than the model's quiet floor is not run: the
 * answer would again be silence, and the model run is most of the gateway's CPU per call (a caller is silent most of
 * a call, listening). The state is left as the last silent frame left it and the context still moves on, so the next
 * frame with sound is judged as if every frame had been run. A tail of speech that fades below the floor is still
 * run, because the model has not yet settled.
 */
public final class VadStream {
    /** Below this the model is sure it hears no speech (its start threshold is 0.5). */
    static final float SETTLED = 0.1f;

    private final SileroVad model;
    private final float[] input = new float[SileroVad.CONTEXT + SileroVad.FRAME];
    private final float[] state = new float[SileroVad.STATE_SIZE];
    private float last;
    private long modelRuns;

    VadStream(SileroVad model) {
        this.model = model;
    }

    /** Speech probability of one 512-sample 16 kHz frame. */
    public float probability(short[] frame) {
        if (frame.length != SileroVad.FRAME) {
            throw new IllegalArgumentException("VAD frames are " + SileroVad.FRAME + " samples, got " + frame.length);
        }
        Pcm16.toFloats(frame, 0, input, SileroVad.CONTEXT, SileroVad.FRAME);
        boolean quietSilence = last < SETTLED
                && Pcm16.rmsDbfs(frame, 0, SileroVad.FRAME) < model.quietFloorDbfs();
        if (!quietSilence) {
            last = model.infer(input, state);
            modelRuns++;
        }
        System.arraycopy(input, SileroVad.FRAME, input, 0, SileroVad.CONTEXT);
        return last;
    }

    /** How many frames the model was run on (the others were quiet silence). */
    long modelRuns() {
        return modelRuns;
    }
}
