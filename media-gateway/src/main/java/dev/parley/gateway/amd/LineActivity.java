package dev.parley.gateway.amd;

/**
 * Whether the callee's line carries sound (voice, or a greeting's music) in a 20 ms frame: its level stands
 * {@code marginDb} above the line's noise floor and above an absolute minimum. The floor follows the quietest
 * frames at once and creeps up slowly, so steady line or room noise stops counting after a few seconds while a
 * greeting's pauses keep it low.
 *
 * <p>An energy detector rather than the gateway's Silero VAD: measured on the synthesized greetings, Silero rated
 * whole sentences of flite's diphone voices below 0.3 and was slow to rise in the first second after answer (its
 * recurrent state starts cold), which turned long greetings into "short hello then silence". For AMD the question is
 * sound versus silence on the line, and recorded or synthetic greetings and greeting music are exactly what a
 * speech model is not trained to call speech.
 */
final class LineActivity {
    /** Floor rise while the line is louder than it: 3 dB per second. */
    private static final double RISE_DB_PER_FRAME = 0.06;
    /** First guess of the floor, before any quiet frame was heard: a quiet digital line. */
    private static final double INITIAL_FLOOR_DBFS = -60;

    private final double marginDb;
    private final double minDbfs;
    private double floorDbfs = INITIAL_FLOOR_DBFS;

    LineActivity(double marginDb, double minDbfs) {
        this.marginDb = marginDb;
        this.minDbfs = minDbfs;
    }

    boolean active(short[] pcm) {
        double level = levelDbfs(pcm);
        boolean active = level >= Math.max(floorDbfs + marginDb, minDbfs);
        floorDbfs = level < floorDbfs ? level : floorDbfs + RISE_DB_PER_FRAME;
        return active;
    }

    static double levelDbfs(short[] pcm) {
        double sum = 0;
        for (short s : pcm) {
            sum += (double) s * s;
        }
        double rms = Math.sqrt(sum / pcm.length) / 32768;
        return rms <= 1e-5 ? -100 : 20 * Math.log10(rms);
    }
}
