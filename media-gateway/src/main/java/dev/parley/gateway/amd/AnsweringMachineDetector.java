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
 */
public final class AnsweringMachineDetector {
    public enum Change { NONE, DECIDED, GREETING_ENDED }

    private static final int FRAME_MS = 20;
    private static final int FRAME_BYTES = 160;

    private final AmdSettings settings;
    private final LineActivity activity;
    private final BeepDetector beeps;
    private final SpeechSpan speech;
    private long frames;
    private long lastToneMs = -1;
    private boolean beepEnded;
    private AmdVerdict verdict;
    private long greetingEndMs = -1;
    private String greetingEndReason;

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
            return verdict == null ? Change.NONE : Change.DECIDED;
        }
        if (verdict.kind() == AmdVerdict.Kind.MACHINE && greetingEndMs < 0 && greetingEnded(now)) {
            greetingEndMs = now;
            return Change.GREETING_ENDED;
        }
        return Change.NONE;
    }

    public Optional<AmdVerdict> verdict() {
        return Optional.ofNullable(verdict);
    }

    /** For a MACHINE verdict: ms since answer at which the greeting ended and the message should start. */
    public OptionalLong greetingEndMs() {
        return greetingEndMs < 0 ? OptionalLong.empty() : OptionalLong.of(greetingEndMs);
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
        if (!speech.heard()) {
            return now >= settings.noSpeechMs()
                    ? new AmdVerdict(AmdVerdict.Kind.UNKNOWN, now, "nobody spoke for " + settings.noSpeechMs() + " ms")
                    : null;
        }
        long spoken = speech.lastMs() - speech.firstMs();
        long silence = now - speech.lastMs();
        if (spoken >= settings.machineSpeechMs()) {
            return new AmdVerdict(AmdVerdict.Kind.MACHINE, now, "spoke " + spoken + " ms (" + speech.voicedMs()
                    + " ms of sound) with pauses under " + settings.humanSilenceMs() + " ms");
        }
        if (silence >= settings.humanSilenceMs() && spoken <= settings.humanMaxUtteranceMs()) {
            return new AmdVerdict(AmdVerdict.Kind.HUMAN, now, "short greeting (" + spoken + " ms) then "
                    + silence + " ms silence");
        }
        if (silence >= settings.longHelloSilenceMs()) {
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
