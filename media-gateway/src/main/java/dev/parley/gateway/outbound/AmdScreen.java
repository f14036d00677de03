package dev.parley.gateway.outbound;

import dev.parley.audio.MuLaw;
import dev.parley.gateway.amd.AmdSettings;
import dev.parley.gateway.amd.AmdVerdict;
import dev.parley.gateway.amd.AnsweringMachineDetector;
import dev.parley.gateway.stt.ListeningStream;
import dev.parley.gateway.tenant.OutboundAmd;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Answering-machine detection on one answered outbound call, between the answer and the call session, whatever
 * route dialled it: the callee's audio goes to the detector while the agent stays silent, so it neither talks over a
 * person's "hello?" nor into a greeting. A person (or no verdict) gets the session, which greets: at once, or for a
 * person recognised by their words while still talking, at their next pause
 * ({@link AnsweringMachineDetector#agentStartMs}), so the greeting does not cut into their sentence; a machine
 * gets, once its greeting and beep are over, a session whose brain leaves the tenant's message and hangs up (CallStart
 * parameter {@value #VOICEMAIL}), so the message is recorded, billed and traced like any call. An answered call that
 * never gets a session (a machine hung up on, a callee gone during the screening) is billed by {@link AmdScreens}.
 * The transport feeds it and tells it the end on the call's context; it is not thread-safe.
 *
 * <p>Until the verdict the callee's audio also goes to stt-service ({@link ListeningStream}, opened at the first
 * frame and closed at the verdict), whose transcripts the detector weighs with the timing: a greeting's words tell
 * it from a long hello. A stream that cannot be opened or fails leaves the detector deciding from energy and beeps.
 */
public final class AmdScreen {
    /** The reserved CallStart parameter that makes dialogue-service's turn 0 the message, then an end-call. */
    public static final String VOICEMAIL = "parley.voicemail";
    /** A greeting that has not ended this long after the verdict is not worth waiting for (nor a message after). */
    static final long MAX_GREETING_MS = 30_000;
    /** How the session ends when the brain hung up after its turn (CallSession's end-call reason). */
    private static final String AGENT_HANGUP = "agent-hangup";
    private static final Logger LOG = Logger.getLogger(AmdScreen.class);
    private static final int FRAME_BYTES = 160;

    private final Dialled dial;
    private final OutboundAmd amd;
    private final AmdScreens outcomes;
    private final AnsweringMachineDetector detector;
    private final Consumer<Map<String, String>> startSession;
    private final Consumer<String> hangUp;
    /** When the callee answered (epoch ms): where an answered call without a session is billed from. */
    private final long answeredAtMs;
    private final byte[] buffer = new byte[FRAME_BYTES];
    private int buffered;
    private Optional<Words> words;
    private Recognition listening;
    private AmdVerdict verdict;
    /** The detector has had its say: the session runs, or we hung up. */
    private boolean done;
    private boolean sessionStarted;
    private boolean leavingMessage;
    private boolean ended;

    /** Opens a recognition stream of the callee's 8 kHz audio whose transcripts go to {@code listener}. */
    public interface Words {
        Recognition open(ListeningStream.Listener listener);
    }

    /** An open recognition stream ({@link ListeningStream} on a call). */
    public interface Recognition {
        void audio(short[] pcm);

        void close();
    }

    /**
     * @param words        where the callee's words are recognized; empty: the detector decides without them
     * @param startSession starts the call's session with these extra CallStart parameters
     * @param hangUp       ends the call from our side, for this reason; the transport then calls {@link #ended}
     */
    AmdScreen(Dialled dial, OutboundAmd amd, AmdSettings settings, AmdScreens outcomes, long answeredAtMs,
              Optional<Words> words, Consumer<Map<String, String>> startSession, Consumer<String> hangUp) {
        if (settings.maxGreetingMs() <= MAX_GREETING_MS) {
            throw new IllegalArgumentException("the detector's own greeting timeout would pass for the greeting's end");
        }
        this.dial = dial;
        this.amd = amd;
        this.outcomes = outcomes;
        this.detector = new AnsweringMachineDetector(settings);
        this.answeredAtMs = answeredAtMs;
        this.startSession = startSession;
        this.hangUp = hangUp;
        this.words = words;
    }

    /**
     * The callee's next μ-law audio, while no session runs. The detector takes 20 ms frames: a line that sends
     * other sizes (a Twilio stream may) is cut into them.
     */
    public void hear(byte[] ulaw) {
        if (ulaw.length == FRAME_BYTES && buffered == 0) {
            frame(ulaw);
            return;
        }
        for (byte b : ulaw) {
            buffer[buffered++] = b;
            if (buffered == FRAME_BYTES) {
                buffered = 0;
                frame(buffer.clone());
            }
        }
    }

    private void frame(byte[] ulawFrame) {
        if (done) {
            return;
        }
        if (verdict == null) {
            listen(MuLaw.decode(ulawFrame));
        }
        AnsweringMachineDetector.Change change = detector.accept(ulawFrame);
        if (change == AnsweringMachineDetector.Change.DECIDED) {
            decided(detector.verdict().orElseThrow());
        } else if (change == AnsweringMachineDetector.Change.GREETING_ENDED) {
            leavingMessage = true;
            LOG.infof("%s: greeting over at %d ms (%s): leaving the voicemail message", dial.logTag(),
                    detector.elapsedMs(), detector.greetingEndReason());
            start(Map.of(VOICEMAIL, amd.voicemail().orElseThrow()));
        } else if (change == AnsweringMachineDetector.Change.CALLEE_PAUSED) {
            LOG.infof("%s: the callee paused at %d ms: starting the session", dial.logTag(), detector.elapsedMs());
            start(Map.of());
        } else if (verdict != null && verdict.kind() == AmdVerdict.Kind.MACHINE
                && detector.elapsedMs() - verdict.atMs() >= MAX_GREETING_MS) {
            done = true;
            outcomes.machineOutcome(dial, AmdScreens.GREETING_TOO_LONG);
            hangUp.accept("answering machine greeting still going " + MAX_GREETING_MS / 1000 + " s after the verdict");
        }
    }

    /**
     * The call ended (once), for {@code reason}: the session's end reason when it ran, else our hang-up's or the
     * line's (the callee's side going away).
     */
    public void ended(String reason) {
        if (ended) {
            return;
        }
        ended = true;
        stopListening();
        if (leavingMessage) {
            outcomes.machineOutcome(dial, AGENT_HANGUP.equals(reason) ? AmdScreens.VOICEMAIL_LEFT
                    : AmdScreens.VOICEMAIL_CUT_OFF);
        } else if (!done) {
            LOG.infof("%s: the call ended after %d ms, while listening for an answering machine (%s)", dial.logTag(),
                    detector.elapsedMs(), reason);
        }
        done = true;
        if (!sessionStarted) {
            boolean machine = verdict != null && verdict.kind() == AmdVerdict.Kind.MACHINE;
            outcomes.endedWithoutSession(dial, answeredAtMs, machine ? AmdScreens.MACHINE_END_REASON : reason);
        }
    }

    private void listen(short[] pcm) {
        if (listening == null && words.isPresent()) {
            try {
                listening = words.get().open(new ListeningStream.Listener() {
                    @Override
                    public void heard(String text, boolean isFinal) {
                        if (verdict == null && !done) {
                            detector.heard(text, isFinal);
                        }
                    }

                    @Override
                    public void failed(Throwable error) {
                        if (verdict == null && !done) {
                            LOG.warnf("%s: no words for answering-machine detection (%s): deciding from the sound"
                                    + " alone", dial.logTag(), error.toString());
                        }
                    }
                });
            } catch (RuntimeException e) {
                LOG.warnf("%s: no recognizer for answering-machine detection (%s): deciding from the sound alone",
                        dial.logTag(), e.toString());
                words = Optional.empty();
                return;
            }
        }
        if (listening != null) {
            listening.audio(pcm);
        }
    }

    private void stopListening() {
        if (listening != null) {
            listening.close();
            listening = null;
        }
    }

    private void decided(AmdVerdict decided) {
        verdict = decided;
        stopListening();
        outcomes.decided(dial, decided);
        // The reason names a word cue at most (a stock phrase), never the callee's words: those may be personal.
        LOG.infof("%s: %s at %d ms (%s)", dial.logTag(), decided.kind(), decided.atMs(), decided.reason());
        if (decided.kind() != AmdVerdict.Kind.MACHINE) {
            // UNKNOWN is a person who waits for us to speak, or a late machine: better to talk than to hang up.
            if (detector.agentStartMs().isPresent()) {
                start(Map.of());
            }
        } else if (amd.voicemail().isEmpty()) {
            done = true;
            outcomes.machineOutcome(dial, AmdScreens.NO_VOICEMAIL);
            hangUp.accept("answering machine and no voicemail message");
        }
    }

    private void start(Map<String, String> extra) {
        done = true;
        sessionStarted = true;
        startSession.accept(extra);
    }
}
