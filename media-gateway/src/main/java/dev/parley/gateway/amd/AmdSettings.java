package dev.parley.gateway.amd;

/**
 * Thresholds of answering-machine detection; {@link #defaults()} were chosen by measurement on the tuning greetings
 * (AmdBenchmark in the tests, figures in the class comment of {@link AnsweringMachineDetector}).
 *
 * @param humanMaxUtteranceMs a first utterance up to this long ...
 * @param humanSilenceMs      ... followed by this much silence is a person greeting and waiting for an answer
 * @param longHelloSilenceMs  a longer first utterance followed by this much silence and no beep is also a person;
 *                            long enough for a short voicemail greeting's beep to come first
 * @param machineSpeechMs     speech that goes on this long, with only pauses shorter than {@code humanSilenceMs},
 *                            is a recorded greeting
 * @param noSpeechMs          nobody speaks this long after answer: UNKNOWN (see {@link AnsweringMachineDetector})
 * @param maxWindowMs         the verdict is never later than this after answer
 * @param greetingSilenceMs   after a greeting without a beep, this much silence means it is recording
 * @param maxGreetingMs       a greeting still going this long after the MACHINE verdict is taken to have ended
 * @param beepMinMs           shortest steady tone taken for a beep
 * @param beepTonality        share of a frame's energy in one frequency for it to count as tone
 * @param beepMinDbfs         quieter tones are ignored
 * @param activityMarginDb    sound this far above the line's noise floor is the callee speaking ...
 * @param activityMinDbfs     ... if it is also at least this loud
 */
public record AmdSettings(int humanMaxUtteranceMs, int humanSilenceMs, int longHelloSilenceMs, int machineSpeechMs,
                          int noSpeechMs, int maxWindowMs, int greetingSilenceMs, int maxGreetingMs,
                          int beepMinMs, double beepTonality, double beepMinDbfs, double activityMarginDb,
                          double activityMinDbfs) {
    public AmdSettings {
        if (humanMaxUtteranceMs >= machineSpeechMs) {
            throw new IllegalArgumentException("a human's utterance must be shorter than a machine's");
        }
        if (noSpeechMs > maxWindowMs) {
            throw new IllegalArgumentException("the no-speech timeout must fall inside the window");
        }
    }

    public static AmdSettings defaults() {
        return new AmdSettings(1_800, 600, 1_200, 4_000, 4_000, 5_000, 2_000, 45_000,
                160, 0.85, -40, 15, -50);
    }
}
