package dev.parley.gateway.amd;

/**
 * Thresholds of answering-machine detection. {@link #defaults()} were chosen by measurement on the tuning greetings
 * only (AmdBenchmark and AmdSweep in the tests):
 * <ul>
 *   <li>pauses inside synthesized greetings, comma or full stop, measured 100-320 ms: {@code humanSilenceMs} 500
 *       (400-800 scored the same; the lower, the sooner a person hears the agent). The first held-out set (now
 *       tuning-2) then showed a festival voice pausing 500-600 ms at a full stop, which 500 takes for the end of a hello (600 had not):
 *       reported, not re-tuned on held-out;</li>
 *   <li>long hellos ran 2.2-3.8 s and long greetings far longer: {@code machineSpeechMs} 4000 (3000 and 3500 took the
 *       slowest long hello for a machine);</li>
 *   <li>beeps came 300-700 ms after the greeting and are recognised 160 ms into the tone: {@code longHelloSilenceMs}
 *       1200 (900 scored the same on the set but would miss a beep coming a second after the greeting);</li>
 *   <li>a pure tone scored tonality 1.00 through μ-law; speech held 0.85 for at most 4 frames in a row (80 ms):
 *       tonality 0.85 for 160 ms.</li>
 * </ul>
 * Short greetings without a beep (about 2 s, like "Hey, it's Kim. Leave a message.") have the length and cadence of
 * a long hello and are taken for a person: timing alone cannot tell them apart, the words can ({@link GreetingWords}).
 * Words reach the detector late (the recognizer lags its input by 100-300 ms, and the benchmark adds 300 ms for the
 * trip to stt-service and back), later than a short greeting's 500 ms pause ends it: {@code wordsSilenceMs} 800 lets
 * them arrive, only for utterances of {@code wordsFromMs} 1000 or more (a one-word "hello?" or "yes?" carries no
 * greeting, and keeps its quick answer) and only once the recognizer has answered (without one, nothing waits).
 * A person's cue ({@link GreetingWords}) decides while they still talk once {@code humanCueFromMs} 1000 of speech
 * was heard: less and the words are a short hello's, which the pause after it decides as soon. Once the recognizer
 * has answered without a machine cue, a long hello ends after {@code wordsLongHelloSilenceMs} 1000 of silence rather
 * than 1200: measured on tuning, tuning-2 and held-out-2 (then tuning data), 1000 moved no verdict and took 200 ms
 * off the humans' p95; 900 took one more short greeting without a beep for a person on tuning-2, and 900 or less
 * would miss a greeting's beep coming 750 ms after it when its words were misheard (the tone is recognised 160 ms
 * in; the tuning sets' beeps come 300-700 ms after).
 *
 * @param humanMaxUtteranceMs a first utterance up to this long ...
 * @param humanSilenceMs      ... followed by this much silence is a person greeting and waiting for an answer
 * @param longHelloSilenceMs  a longer first utterance followed by this much silence and no beep is also a person;
 *                            long enough for a short voicemail greeting's beep to come first
 * @param machineSpeechMs     speech that goes on this long, with only pauses shorter than {@code humanSilenceMs},
 *                            is a recorded greeting
 * @param wordsFromMs         a first utterance this long may be a short greeting, whose words are waited for ...
 * @param wordsSilenceMs      ... this long after it (with a recognizer that has answered) before it is a person
 * @param humanCueFromMs      after this much speech a person's word cue is a person at once, even mid-sentence (the
 *                            agent still waits for their pause: {@link AnsweringMachineDetector#agentStartMs()})
 * @param wordsLongHelloSilenceMs {@code longHelloSilenceMs} once the recognizer has answered (without a machine cue)
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
                          int wordsFromMs, int wordsSilenceMs, int humanCueFromMs, int wordsLongHelloSilenceMs,
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
        return new AmdSettings(1_800, 500, 1_200, 4_000, 1_000, 800, 1_000, 1_000, 4_000, 5_000, 2_000, 45_000,
                160, 0.85, -40, 15, -50);
    }
}
