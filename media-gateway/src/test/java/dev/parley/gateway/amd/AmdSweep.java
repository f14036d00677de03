package dev.parley.gateway.amd;

import java.util.List;

/**
 * How the timing thresholds trade accuracy against waiting, on the TUNING set only (never the held-out one): the
 * measurement behind {@link AmdSettings#defaults()}. Run like {@link AmdBenchmark}, with this class name.
 */
public final class AmdSweep {
    private AmdSweep() {
    }

    public static void main(String[] args) throws Exception {
        List<Greeting> tuning = AmdBenchmark.load("tuning");
        AmdSettings d = AmdSettings.defaults();
        System.out.println("humanSilence longHelloSilence machineSpeech | accuracy humans→machines humans p95 wait p95");
        for (int humanSilence : new int[]{400, 500, 600, 800}) {
            for (int longHello : new int[]{900, 1_200, 1_500}) {
                for (int machineSpeech : new int[]{3_000, 3_500, 4_000, 4_500}) {
                    AmdSettings s = new AmdSettings(d.humanMaxUtteranceMs(), humanSilence, longHello, machineSpeech,
                            d.wordsFromMs(), d.wordsSilenceMs(), d.humanCueFromMs(), d.wordsLongHelloSilenceMs(), d.noSpeechMs(), d.maxWindowMs(),
                            d.greetingSilenceMs(), d.maxGreetingMs(), d.beepMinMs(),
                            d.beepTonality(), d.beepMinDbfs(), d.activityMarginDb(), d.activityMinDbfs());
                    AmdReport r = AmdBenchmark.run("tuning", tuning, s, false);
                    System.out.printf("%12d %16d %13d | %7.1f %% %13.1f %% %8d ms %5d ms%n", humanSilence, longHello,
                            machineSpeech, 100 * r.accuracy(), 100 * r.humansAsMachines(),
                            r.decisionPercentile(AmdVerdict.Kind.HUMAN, 95), r.humanWaitPercentile(95));
                }
            }
        }
    }
}
