package dev.parley.gateway.transport.sip.media;

import dev.parley.audio.MuLaw;

/**
 * A key press as in-band audio (ITU-T Q.23 dual tones), for a peer that did not negotiate telephone-events: 100 ms of
 * the key's two tones, then 60 ms of silence so that the same key twice stays two presses.
 */
public final class DtmfTones {
    private static final int RATE = 8_000;
    private static final int TONE_SAMPLES = RATE / 10;
    private static final int GAP_SAMPLES = RATE * 60 / 1000;
    private static final double[] ROWS = {697, 770, 852, 941};
    private static final double[] COLUMNS = {1209, 1336, 1477, 1633};
    private static final String KEYPAD = "123A456B789C*0#D";
    /** Each tone at about -10 dBFS: together well above the line's noise, never clipping. */
    private static final double AMPLITUDE = 0.3 * Short.MAX_VALUE;

    private DtmfTones() {
    }

    /** The two frequencies of a key: {row, column}. */
    public static double[] frequencies(String digit) {
        int at = digit.length() == 1 ? KEYPAD.indexOf(digit.charAt(0)) : -1;
        if (at < 0) {
            throw new IllegalArgumentException("not a DTMF key: '" + digit + "'");
        }
        return new double[]{ROWS[at / 4], COLUMNS[at % 4]};
    }

    /** The key's tones and the gap after them, as 8 kHz μ-law (160 ms: eight 20 ms frames). */
    public static byte[] ulaw(String digit) {
        double[] f = frequencies(digit);
        short[] pcm = new short[TONE_SAMPLES + GAP_SAMPLES];
        for (int i = 0; i < TONE_SAMPLES; i++) {
            double t = (double) i / RATE;
            pcm[i] = (short) Math.round(AMPLITUDE * (Math.sin(2 * Math.PI * f[0] * t)
                    + Math.sin(2 * Math.PI * f[1] * t)));
        }
        return MuLaw.encode(pcm);
    }
}
