package dev.parley.stt.denoise;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * One stream's speex noise suppressor: spectral denoising only (its AGC, VAD and dereverb stay off, so levels and
 * endpointing are the recognizer's own). Audio arrives in chunks of any size and is processed in frames of
 * {@link #FRAME_MS} ms, so up to one frame lags until the next chunk or {@link #drain()}. Not thread-safe (the
 * native state carries the noise estimate); close it when the stream ends.
 */
public final class NoiseSuppressor implements AutoCloseable {
    public static final int FRAME_MS = 20;

    private final SpeexDsp.Api api;
    private final Pointer state;
    private final short[] frame;
    private int filled;
    private boolean closed;

    /**
     * @param sampleRate   the stream's rate (8000 or 16000)
     * @param suppressDb   the most the noise is attenuated, a negative dB figure (speex's default is -15)
     * @throws IllegalStateException when libspeexdsp is missing
     */
    public NoiseSuppressor(int sampleRate, int suppressDb) {
        if (suppressDb >= 0) {
            throw new IllegalArgumentException("suppression must be a negative dB figure, got " + suppressDb);
        }
        this.api = SpeexDsp.api();
        this.frame = new short[sampleRate * FRAME_MS / 1000];
        this.state = api.speex_preprocess_state_init(frame.length, sampleRate);
        if (state == null) {
            throw new IllegalStateException("speex_preprocess_state_init failed for " + sampleRate + " Hz");
        }
        set(SpeexDsp.SET_DENOISE, 1);
        set(SpeexDsp.SET_NOISE_SUPPRESS, suppressDb);
        set(SpeexDsp.SET_AGC, 0);
        set(SpeexDsp.SET_DEREVERB, 0);
        // Its VAD is off by default; setting it at all prints a warning on stderr per stream, so it is left alone.
    }

    private void set(int request, int value) {
        if (api.speex_preprocess_ctl(state, request, new IntByReference(value)) != 0) {
            close();
            throw new IllegalStateException("speex_preprocess_ctl(" + request + ", " + value + ") failed");
        }
    }

    /** Denoises {@code pcm}; returns the samples of every frame completed so far (possibly none). */
    public short[] process(short[] pcm) {
        ensureOpen();
        short[] out = new short[(filled + pcm.length) / frame.length * frame.length];
        int read = 0;
        int written = 0;
        while (read < pcm.length) {
            int n = Math.min(frame.length - filled, pcm.length - read);
            System.arraycopy(pcm, read, frame, filled, n);
            filled += n;
            read += n;
            if (filled == frame.length) {
                api.speex_preprocess_run(state, frame);
                System.arraycopy(frame, 0, out, written, frame.length);
                written += frame.length;
                filled = 0;
            }
        }
        return out;
    }

    /**
     * The samples still waiting for a full frame, unprocessed (less than one frame: a flush must not wait, and
     * padding a frame with silence would skew the noise estimate).
     */
    public short[] drain() {
        ensureOpen();
        short[] tail = new short[filled];
        System.arraycopy(frame, 0, tail, 0, filled);
        filled = 0;
        return tail;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            api.speex_preprocess_state_destroy(state);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("noise suppressor is closed");
        }
    }
}
