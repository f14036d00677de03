package dev.parley.gateway.amd;

import dev.parley.audio.MuLaw;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Answering-machine detection for one outbound call: fed the callee's μ-law 20 ms frames from the moment of answer,
 * it tells a person from a voicemail greeting, and for a greeting, when it is over (the moment to leave the message).
 * Not thread-safe; the clock is the number of frames fed, so it needs no timer and replays exactly.
 *
 * <p>Cues, as classic AMD: a person says a short "hello?" and waits; a greeting talks on for seconds with only short
 * pauses; a beep (steady tone, {@link BeepDetector}) is always a machine. Speech is sound on the line
 * ({@link LineActivity}, an energy detector over the noise floor; why not Silero is said there), beep frames excluded.
 * Nobody speaking for {@link AmdSettings#noSpeechMs()} gives UNKNOWN, not HUMAN or MACHINE: people who wait for the
 * caller to speak first and machines that start late both do that, and the cheap mistake is to talk (the agent then
 * speaks to a person, or its words land in a recording a little early).
 *
 * <p>Words, when a recognizer hears the callee too ({@link #heard}): timing cannot tell a long hello from a short
 * greeting without a beep, but a greeting's words can ({@link GreetingWords}). A machine cue ("leave a message",
 * "after the tone") is a MACHINE at once; a person's cue ("who's calling?", "Dave speaking") is a HUMAN at once
 * too, once a second of speech was heard, even while they still talk: a long hello is then known before it ends,
 * and a person who talks on is not taken for a greeting by length alone. Words only ever add to the timing cues:
 * without a recognizer, or when it fails, the detector decides as before.
 *
 * <p>Deciding is not speaking: the agent must not talk over the person it has just recognised. For a HUMAN or
 * UNKNOWN verdict {@link #agentStartMs()} says when the agent may speak: at the verdict, or for a person decided on
 * mid-sentence, at their next pause ({@link Change#CALLEE_PAUSED}).
 */
public final class AnsweringMachineDetector {
    /**
     * What a frame changed: the verdict came, a machine's greeting ended (leave the message now), or a person decided
     * on while speaking has paused (the agent may speak now).
     */
    public enum Change { NONE, DECIDED, GREETING_ENDED, CALLEE_PAUSED }

    private static final int FRAME_MS = 20;
    private static final int FRAME_BYTES = 160;

    private final AmdSettings settings;
    private final LineActivity activity;
    private final BeepDetector beeps;
    private final SpeechSpan speech;
    private final HeardWords words = new HeardWords();
    private long frames;
    private long lastToneMs = -1;
    private boolean beepEnded;
    private AmdVerdict verdict;
    private long greetingEndMs = -1;
    private String greetingEndReason;
    private long agentStartMs = -1;

    public AnsweringMachineDetector(AmdSettings settings) {
        this.settings = settings;
        this.activity = new LineActivity(settings.activityMarginDb(), settings.activityMinDbfs());
        this.beeps = new BeepDetector(settings.beepMinMs(), settings.beepTonality(), settings.beepMinDbfs());
        this.speech = new SpeechSpan();
    }

    /** Feeds the next 20 ms of the callee's audio (160 μ-law bytes); says if it decided or ended the greeting. */
    public Change accept(byte[] ulaw) {
        if (ulaw.length != FRAME_BYTES) {
            throw new IllegalArgumentException("AMD frames are 20 ms (" + FRAME_BYTES + " bytes), got " + ulaw.length);
        }
        frames++;
        long now = elapsedMs();
        short[] pcm = MuLaw.decode(ulaw);
        BeepDetector.Tone tone = beeps.accept(pcm);
        if (tone != BeepDetector.Tone.NONE) {
            lastToneMs = now;
        }
        beepEnded |= tone == BeepDetector.Tone.BEEP_ENDED;
        speech.update(activity.active(pcm), now, FRAME_MS, beeps.sounding());
        if (verdict == null) {
            verdict = decide(now);
            if (verdict != null && verdict.kind() != AmdVerdict.Kind.MACHINE && calleePaused(now)) {
                agentStartMs = now;
            }
            return verdict == null ? Change.NONE : Change.DECIDED;
        }
        if (verdict.kind() == AmdVerdict.Kind.MACHINE && greetingEndMs < 0 && greetingEnded(now)) {
            greetingEndMs = now;
            return Change.GREETING_ENDED;
        }
        if (verdict.kind() != AmdVerdict.Kind.MACHINE && agentStartMs < 0 && calleePaused(now)) {
            agentStartMs = now;
            return Change.CALLEE_PAUSED;
        }
        return Change.NONE;
    }

    /**
     * The recognizer's latest transcript of the callee: a partial (replaces the previous partial) or a final (ends
     * it). Taken into account from the next frame on.
     */
    public void heard(String text, boolean isFinal) {
        if (isFinal) {
            words.finalText(text);
        } else {
            words.partial(text);
        }
    }

    /** The words heard so far (finals and the current partial): for the benchmark's report, never for logs. */
    String words() {
        return words.text();
    }

    public Optional<AmdVerdict> verdict() {
        return Optional.ofNullable(verdict);
    }

    /** For a MACHINE verdict: ms since answer at which the greeting ended and the message should start. */
    public OptionalLong greetingEndMs() {
        return greetingEndMs < 0 ? OptionalLong.empty() : OptionalLong.of(greetingEndMs);
    }

    /**
     * For a HUMAN or UNKNOWN verdict: ms since answer from which the agent may speak, empty while the callee still
     * talks. UNKNOWN never waits: the window is over, and the agent speaks then as it always did.
     */
    public OptionalLong agentStartMs() {
        return agentStartMs < 0 ? OptionalLong.empty() : OptionalLong.of(agentStartMs);
    }

    /** Why the greeting was taken to be over ("beep ...", "silence ...", "timeout ..."), null before. */
    public String greetingEndReason() {
        return greetingEndReason;
    }

    /** Call time: audio fed so far. */
    public long elapsedMs() {
        return frames * FRAME_MS;
    }

    private AmdVerdict decide(long now) {
        if (beeps.heard()) {
            return new AmdVerdict(AmdVerdict.Kind.MACHINE, now, "beep at " + beeps.beepHz() + " Hz");
        }
        if (words.machine().isPresent()) {
            GreetingWords.Match cue = words.machine().get();
            return new AmdVerdict(AmdVerdict.Kind.MACHINE, now, "words \"" + cue.words() + "\" (" + cue.why() + ")");
        }
        if (!speech.heard()) {
            return now >= settings.noSpeechMs()
                    ? new AmdVerdict(AmdVerdict.Kind.UNKNOWN, now, "nobody spoke for " + settings.noSpeechMs() + " ms")
                    : null;
        }
        long spoken = speech.lastMs() - speech.firstMs();
        long silence = now - speech.lastMs();
        if (spoken >= settings.humanCueFromMs() && words.human().isPresent()) {
            GreetingWords.Match cue = words.human().get();
            return new AmdVerdict(AmdVerdict.Kind.HUMAN, now, "words \"" + cue.words() + "\" (" + cue.why()
                    + ") after " + spoken + " ms of speech" + (silence < settings.humanSilenceMs()
                    ? ", still speaking" : ", then " + silence + " ms silence"));
        }
        if (spoken >= settings.machineSpeechMs()) {
            return new AmdVerdict(AmdVerdict.Kind.MACHINE, now, "spoke " + spoken + " ms (" + speech.voicedMs()
                    + " ms of sound) with pauses under " + settings.humanSilenceMs() + " ms");
        }
        boolean awaitingWords = words.any() && spoken >= settings.wordsFromMs()
                && silence < settings.wordsSilenceMs();
        if (silence >= settings.humanSilenceMs() && spoken <= settings.humanMaxUtteranceMs() && !awaitingWords) {
            return new AmdVerdict(AmdVerdict.Kind.HUMAN, now, "short greeting (" + spoken + " ms) then "
                    + silence + " ms silence");
        }
        long longHelloSilence = words.any() ? settings.wordsLongHelloSilenceMs() : settings.longHelloSilenceMs();
        if (silence >= longHelloSilence) {
            return new AmdVerdict(AmdVerdict.Kind.HUMAN, now, "greeting of " + spoken + " ms then " + silence
                    + " ms silence without a beep");
        }
        if (now >= settings.maxWindowMs()) {
            // Out of time: someone who spoke and has fallen silent is waiting for an answer; anyone still talking
            // might be either (a late "hello?" or a greeting that started late).
            return silence >= settings.humanSilenceMs()
                    ? new AmdVerdict(AmdVerdict.Kind.HUMAN, now, "greeting of " + spoken + " ms, then silent")
                    : new AmdVerdict(AmdVerdict.Kind.UNKNOWN, now, "still speaking (" + spoken + " ms) at "
                    + settings.maxWindowMs() + " ms");
        }
        return null;
    }

    /**
     * The callee has been quiet a conversational pause (the one that ends a short hello), or never spoke, or the
     * verdict is UNKNOWN; a person who has not paused {@code maxWindowMs} after the verdict gets the agent anyway.
     */
    private boolean calleePaused(long now) {
        return verdict.kind() == AmdVerdict.Kind.UNKNOWN || !speech.heard()
                || now - speech.lastMs() >= settings.humanSilenceMs()
                || now - verdict.atMs() >= settings.maxWindowMs();
    }

    private boolean greetingEnded(long now) {
        if (beepEnded) {
            greetingEndReason = "beep at " + beeps.beepHz() + " Hz ended";
            return true;
        }
        long quietSince = Math.max(speech.lastMs(), lastToneMs);
        if (!speech.voiced() && !beeps.sounding() && now - quietSince >= settings.greetingSilenceMs()) {
            greetingEndReason = (now - quietSince) + " ms silence without a beep";
            return true;
        }
        if (now - verdict.atMs() >= settings.maxGreetingMs()) {
            greetingEndReason = "greeting still going " + settings.maxGreetingMs() + " ms after the verdict";
            return true;
        }
        return false;
    }
}
