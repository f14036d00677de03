package dev.parley.gateway.inbound;

import dev.parley.audio.MuLaw;
import dev.parley.audio.Resampler;
import dev.parley.gateway.vad.SileroVad;

import java.util.function.Consumer;

/**
 * Caller audio as it arrives from the phone (G.711 μ-law 8 kHz, any chunk size) turned into the 16 kHz PCM16
 * frames of {@link SileroVad#FRAME} samples that VAD and STT consume.
 */
public final class InboundAudio {
    private final Resampler upsampler = new Resampler(8_000, SileroVad.SAMPLE_RATE);
    private final short[] pending = new short[SileroVad.FRAME];
    private int filled;
    private long frames;

    /** Decodes one μ-law chunk and hands every completed frame to {@code sink}, in order. */
    public void pushMuLaw(byte[] ulaw, Consumer<short[]> sink) {
        pushPcm(upsampler.process(MuLaw.decode(ulaw)), sink);
    }

    /** Same, for PCM16 already at 16 kHz (browser transports). */
    public void pushPcm(short[] pcm16k, Consumer<short[]> sink) {
        int i = 0;
        while (i < pcm16k.length) {
            int n = Math.min(SileroVad.FRAME - filled, pcm16k.length - i);
            System.arraycopy(pcm16k, i, pending, filled, n);
            filled += n;
            i += n;
            if (filled == SileroVad.FRAME) {
                frames++;
                sink.accept(pending.clone());
                filled = 0;
            }
        }
    }

    /** Stream time at the end of the last completed frame. */
    public long streamMs() {
        return frames * SileroVad.FRAME * 1000L / SileroVad.SAMPLE_RATE;
    }
}
