package dev.parley.e2e.caller;

import dev.parley.audio.MuLaw;

import java.util.ArrayDeque;

/**
 * A speakerphone without echo cancellation: what the phone plays comes back into its microphone a little later
 * and quieter. Off until {@link #configure} is called. Fed by the playback clock, read by the microphone clock
 * (the same thread), configured from the script thread.
 */
final class SpeakerphoneEcho {
    private final ArrayDeque<short[]> line = new ArrayDeque<>();
    private volatile double gain;

    synchronized void configure(int delayMs, double gain) {
        line.clear();
        for (int i = 0; i < delayMs / 20; i++) {
            line.add(new short[PhonePlayback.FRAME_BYTES]);
        }
        this.gain = gain;
    }

    /** The 20 ms the phone played this tick (silence if nothing). */
    synchronized void played(short[] pcm) {
        if (gain > 0) {
            line.add(pcm);
        }
    }

    /** The microphone frame with the delayed echo mixed in. */
    byte[] mix(byte[] micUlaw) {
        if (gain <= 0) {
            return micUlaw;
        }
        short[] back;
        synchronized (this) {
            back = line.poll();
        }
        if (back == null) {
            return micUlaw;
        }
        short[] pcm = MuLaw.decode(micUlaw);
        for (int i = 0; i < pcm.length && i < back.length; i++) {
            pcm[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, pcm[i] + back[i] * gain));
        }
        return MuLaw.encode(pcm);
    }
}
