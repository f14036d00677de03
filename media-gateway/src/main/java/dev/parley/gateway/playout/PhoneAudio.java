package dev.parley.gateway.playout;

import dev.parley.audio.MuLaw;
import dev.parley.audio.Pcm16;
import dev.parley.audio.Resampler;
import dev.parley.contracts.tts.v1.AudioChunk;

/** TTS audio as a phone line carries it: G.711 μ-law at 8 kHz. */
public final class PhoneAudio {
    public static final int RATE = 8_000;
    /** A frame the caller hears: the level the phone-side benchmark counts as audible. */
    private static final double AUDIBLE_DBFS = -55;
    /** Quiet enough to be a gap between words: where a resumed sentence can start again. */
    private static final double GAP_DBFS = -40;

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

    /** Whether a frame carries sound the caller can hear (not the silence a voice puts before speech). */
    public static boolean isAudible(short[] pcm) {
        return Pcm16.rmsDbfs(pcm, 0, pcm.length) >= AUDIBLE_DBFS;
    }

    /** Whether a μ-law frame carries sound the caller can hear. */
    public static boolean isAudible(byte[] ulaw) {
        return isAudible(MuLaw.decode(ulaw));
    }

    /** Whether a μ-law frame is quiet enough to be a gap between words. */
    public static boolean isQuiet(byte[] ulaw) {
        short[] pcm = MuLaw.decode(ulaw);
        return Pcm16.rmsDbfs(pcm, 0, pcm.length) < GAP_DBFS;
    }
}
