package dev.parley.gateway.playout;

import dev.parley.audio.MuLaw;
import dev.parley.audio.Pcm16;
import dev.parley.audio.Resampler;
import dev.parley.contracts.tts.v1.AudioChunk;

/** TTS audio as a phone line carries it: G.711 μ-law at 8 kHz. */
public final class PhoneAudio {
    public static final int RATE = 8_000;

    private PhoneAudio() {
    }

    public static byte[] toMuLaw(AudioChunk chunk) {
        short[] pcm = Pcm16.fromBytes(chunk.getPcm().toByteArray());
        int rate = chunk.getSampleRateHz();
        if (rate != RATE) {
            // TTS was asked for 8 kHz; a chunk at another rate is converted rather than played at the wrong speed.
            pcm = Resampler.convert(pcm, rate, RATE);
        }
        return MuLaw.encode(pcm);
    }
}
