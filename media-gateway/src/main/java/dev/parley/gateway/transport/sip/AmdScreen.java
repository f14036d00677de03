package dev.parley.gateway.transport.sip;

import dev.parley.audio.MuLaw;
import dev.parley.gateway.amd.AmdSettings;
import dev.parley.gateway.amd.AmdVerdict;
import dev.parley.gateway.amd.AnsweringMachineDetector;
import dev.parley.gateway.stt.ListeningStream;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Answering-machine detection on one answered outbound call, between the answer and the call session: the callee's
 * audio goes to the detector while the agent stays silent, so it neither talks over a person's "hello?" nor into a
 * greeting. A person (or no verdict) gets the session at once, which greets; a machine gets, once its greeting and
 * beep are over, a session whose brain leaves {@code voicemail} and hangs up (CallStart parameter
 * {@value #VOICEMAIL}), so the message is recorded, billed and traced like any call. Lives on the call's context.
 *
 * <p>Until the verdict the callee's audio also goes to stt-service ({@link ListeningStream}, opened at the first
 * frame and closed at the verdict), whose transcripts the detector weighs with the timing: a greeting's words tell
 * it from a long hello. A stream that cannot be opened or fails leaves the detector deciding from energy and beeps.
 */
final class AmdScreen {
    /** The reserved CallStart parameter that makes dialogue-service's turn 0 the message, then an end-call. */
    static final String VOICEMAIL = "parley.voicemail";
    /** A greeting that has not ended this long after the verdict is not worth waiting for (nor a message after). */
    static final long MAX_GREETING_MS = 30_000;
    /** How the session ends when the brain hung up after its turn (CallSession's end-call reason). */
    private static final String AGENT_HANGUP = "agent-hangup";
    private static final Logger LOG = Logger.getLogger(AmdScreen.class);

    private final OutboundDial dial;
    private final Optional<String> voicemail;
    private final AmdScreens outcomes;
    private final AnsweringMachineDetector detector;
    private final Consumer<Map<String, String>> startSession;
    private final Consumer<String> hangUp;
    private Optional<Words> words;
    private Recognition listening;
    private AmdVerdict verdict;
    /** The detector has had its say: the session runs, or we hung up. */
    private boolean done;
    private boolean leavingMessage;

    /** Opens a recognition stream of the callee's 8 kHz audio whose transcripts go to {@code listener}. */
    interface Words {
        Recognition open(ListeningStream.Listener listener);
    }

    /** An open recognition stream ({@link ListeningStream} on a call). */
    interface Recognition {
        void audio(short[] pcm);

        void close();
    }

    /**
     * @param words        where the callee's words are recognized; empty: the detector decides without them
     * @param startSession starts the call's session with these extra CallStart parameters
     * @param hangUp       ends the call with our BYE, for this reason
     */
    AmdScreen(OutboundDial dial, Optional<String> voicemail, AmdSettings settings, AmdScreens outcomes,
              Optional<Words> words, Consumer<Map<String, String>> startSession, Consumer<String> hangUp) {
        if (settings.maxGreetingMs() <= MAX_GREETING_MS) {
            throw new IllegalArgumentException("the detector's own greeting timeout would pass for the greeting's end");
        }
        this.dial = dial;
        this.voicemail = voicemail;
        this.outcomes = outcomes;
        this.detector = new AnsweringMachineDetector(settings);
        this.startSession = startSession;
        this.hangUp = hangUp;
        this.words = words;
    }

    /** The callee's next 20 ms, while no session runs. */
    void hear(byte[] ulawFrame) {
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
            done = true;
            leavingMessage = true;
            LOG.infof("%s: greeting over at %d ms (%s): leaving the voicemail message", dial.logTag(),
                    detector.elapsedMs(), detector.greetingEndReason());
            startSession.accept(Map.of(VOICEMAIL, voicemail.orElseThrow()));
        } else if (verdict != null && detector.elapsedMs() - verdict.atMs() >= MAX_GREETING_MS) {
            done = true;
            outcomes.machineOutcome(dial, AmdScreens.GREETING_TOO_LONG);
            hangUp.accept("answering machine greeting still going " + MAX_GREETING_MS / 1000 + " s after the verdict");
        }
    }

    /** The call ended, for {@code reason} (our hang-up's, or the callee's side going away). */
    void ended(String reason) {
        stopListening();
        if (leavingMessage) {
            leavingMessage = false;
            outcomes.machineOutcome(dial, AGENT_HANGUP.equals(reason) ? AmdScreens.VOICEMAIL_LEFT
                    : AmdScreens.VOICEMAIL_CUT_OFF);
        } else if (!done) {
            LOG.infof("%s: the call ended after %d ms, while listening for an answering machine (%s)", dial.logTag(),
                    detector.elapsedMs(), reason);
        }
        done = true;
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
            done = true;
            startSession.accept(Map.of());
        } else if (voicemail.isEmpty()) {
            done = true;
            outcomes.machineOutcome(dial, AmdScreens.NO_VOICEMAIL);
            hangUp.accept("answering machine and no voicemail message");
        }
    }
}
