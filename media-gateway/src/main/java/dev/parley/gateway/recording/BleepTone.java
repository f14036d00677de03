package dev.parley.gateway.recording;

/**
 * The tone that replaces PII in a recording: 1 kHz at about −12 dBFS (peak). At 8 kHz one period is exactly 8
 * samples, so the tone is taken from a table by the frame's absolute index: phase-continuous across blocks and
 * intervals, with no state and no arithmetic per sample.
 */
final class BleepTone {
    static final int HZ = 1_000;
    /** 32767 × 10^(−12/20). */
    static final int PEAK = 8_225;
    private static final short[] PERIOD = new short[RecordingStore.SAMPLE_RATE / HZ];

    static {
        for (int i = 0; i < PERIOD.length; i++) {
            PERIOD[i] = (short) Math.round(PEAK * Math.sin(2 * Math.PI * i / PERIOD.length));
        }
    }

    private BleepTone() {
    }

    /** The tone's sample at stereo frame {@code frame} of the recording. */
    static short at(long frame) {
        return PERIOD[(int) (frame % PERIOD.length)];
    }
}
