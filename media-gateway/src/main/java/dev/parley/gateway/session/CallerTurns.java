package dev.parley.gateway.session;

import dev.parley.contracts.stt.v1.Transcript;
import dev.parley.contracts.stt.v1.Word;
import dev.parley.gateway.inbound.InboundAudio;
import dev.parley.gateway.stt.SttStream;
import dev.parley.gateway.transport.CallTransport;
import dev.parley.gateway.vad.EchoGuard;
import dev.parley.gateway.vad.SpeechDetector;
import dev.parley.gateway.vad.VadStream;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * The caller's side of a call: audio goes to VAD and STT; VAD decides when the caller starts and stops talking
 * (and, while the agent talks, whether they are interrupting); STT finals become user turns. What to do about
 * it — pause, interrupt, answer — is the {@link Floor}'s business.
 */
final class CallerTurns implements SttStream.Listener {
    private static final Logger LOG = Logger.getLogger(CallerTurns.class);

    /** The session as the caller's side sees it: who holds the floor, and what happens when it changes hands. */
    interface Floor {
        boolean agentHoldsFloor();

        /** Whether {@code words} are all words of what the agent is saying now (its own voice heard back). */
        boolean agentIsSaying(String words);

        boolean ended();

        /** The turn id the caller's next turn will get (for live captions). */
        long nextUserTurnId();

        void pauseAgent();

        /** A false interruption: the agent goes on. */
        void resumeAgent();

        /** A real interruption: the agent yields. */
        void interruptAgent();

        /** The caller has the floor (possibly after interrupting). */
        void callerSpeaking();

        /** The caller made sounds but said nothing: nobody has the floor. */
        void callerQuiet();

        /** @param words what the recognizer heard, word by word with confidences; empty when not known */
        void userTurn(String text, float confidence, List<Word> words, TurnTimeline timeline);

        void sttFailed(Throwable error);
    }

    private final Floor floor;
    private final CallTransport transport;
    private final CallContext context;
    private final String logTag;
    private final InboundAudio inbound = new InboundAudio();
    private final VadStream vad;
    private final EchoGuard echo;
    private final SpeechDetector detector;
    private final BargeInDetector bargeIn;
    private final UserTurnCollector collected = new UserTurnCollector();
    private final int unfinishedWaitMs;
    private final int fastEndpointingMs;
    private final float speechFloor;
    private SttStream stt;
    private boolean callerHasFloor;
    /** Push-to-talk released: the turn ends with the next final, however it sounds. */
    private boolean endSignalled;
    /** Flushed after the short silence because the words so far make a complete sentence. */
    private boolean flushedEarly;
    private String partial = "";
    private long lastSpeechWallMs;
    private long unfinishedTimer = -1;
    /** Flush whose final is thrown away: the words of a false interruption are not the caller's next turn. */
    private long discardFlushSeq = -1;

    CallerTurns(Floor floor, CallTransport transport, CallContext context, String logTag, VadStream vad,
                EchoGuard echo, TurnPolicy settings) {
        this.echo = echo;
        this.floor = floor;
        this.transport = transport;
        this.context = context;
        this.logTag = logTag;
        this.vad = vad;
        this.speechFloor = settings.vadEndThreshold();
        this.detector = new SpeechDetector(new SpeechDetector.Settings(settings.vadStartThreshold(),
                settings.vadEndThreshold(), settings.speechStartMs(), settings.endpointingMs()), 32);
        this.bargeIn = new BargeInDetector(settings.vadStartThreshold(), settings.vadEndThreshold(),
                settings.bargeInConfirmMs(), settings.bargeInReleaseMs(), 32);
        this.unfinishedWaitMs = settings.unfinishedWaitMs();
        this.fastEndpointingMs = settings.fastEndpointingMs();
    }

    void listenWith(SttStream stt) {
        this.stt = stt;
    }

    void muLaw(byte[] ulaw) {
        inbound.pushMuLaw(ulaw, this::onFrame);
    }

    void pcm16k(short[] pcm) {
        inbound.pushPcm(pcm, this::onFrame);
    }

    /** Push-to-talk pressed: the caller takes the floor now, interrupting the agent if it talks. */
    void talkPressed() {
        if (floor.agentHoldsFloor()) {
            floor.interruptAgent();
        }
        bargeIn.reset();
        speechStarted();
    }

    /** Push-to-talk released: the caller says the turn is over, no need to wait for silence or more digits. */
    void endOfTurnSignal() {
        if (!callerHasFloor) {
            return;
        }
        endSignalled = true;
        if (!collected.awaitingFlush()) {
            stt.flush(collected.flush());
        }
    }

    /** Whether the caller is talking right now (VAD). */
    boolean speaking() {
        return detector.speaking();
    }

    /** The agent finished or yielded: nothing of its turn is pending on this side any more. */
    void agentTurnOver() {
        bargeIn.reset();
        if (detector.speaking()) {
            callerHasFloor = true;
        }
    }

    void close() {
        if (unfinishedTimer >= 0) {
            context.cancelTimer(unfinishedTimer);
            unfinishedTimer = -1;
        }
        stt.close();
    }

    private void onFrame(short[] frame) {
        stt.audio(frame);
        float p = vad.probability(frame);
        // The agent's own voice coming back down the line is neither an interruption nor a turn, also in the
        // moment after the agent stops (its last words are still on their way back).
        if (echo.callerAudioIsEcho(frame, 16_000, System.nanoTime() / 1_000_000)) {
            p = 0f;
        }
        if (p >= speechFloor) {
            lastSpeechWallMs = System.currentTimeMillis();
        }
        SpeechDetector.Change change = detector.update(p);
        if (floor.agentHoldsFloor()) {
            // The caller's sounds only become a turn once they have interrupted the agent.
            switch (bargeIn.onFrame(p)) {
                case PAUSE -> floor.pauseAgent();
                case RESUME -> falseInterruption();
                case INTERRUPT -> interrupted();
                default -> {
                }
            }
            return;
        }
        switch (change) {
            case SPEECH_STARTED -> speechStarted();
            case SPEECH_ENDED -> {
                if (callerHasFloor && !collected.awaitingFlush()) {
                    stt.flush(collected.flush());
                }
            }
            default -> flushEarlyIfComplete();
        }
    }

    /** A clearly complete sentence followed by a short silence needs no full endpointing wait. */
    private void flushEarlyIfComplete() {
        if (callerHasFloor && !flushedEarly && !collected.awaitingFlush() && detector.speaking()
                && detector.trailingSilenceMs() >= fastEndpointingMs
                && TurnCompleteness.looksComplete(joined(collected.text(), partial))) {
            flushedEarly = true;
            stt.flush(collected.flush());
        }
    }

    /** The caller is silent enough for the turn to end: endpointing passed, or the short wait after a flush early. */
    private boolean callerSilent() {
        return !detector.speaking() || flushedEarly && detector.trailingSilenceMs() >= fastEndpointingMs;
    }

    private void speechStarted() {
        if (collected.awaitingFlush()) {
            collected.resume();
        }
        if (unfinishedTimer >= 0) {
            context.cancelTimer(unfinishedTimer);
            unfinishedTimer = -1;
        }
        callerHasFloor = true;
        flushedEarly = false;
        floor.callerSpeaking();
    }

    private void interrupted() {
        floor.interruptAgent();
        speechStarted();
    }

    /** A cough, a click or a "mhm": the agent goes on where it paused, and those sounds are no turn. */
    private void falseInterruption() {
        floor.resumeAgent();
        discardFlushSeq = collected.flush();
        stt.flush(discardFlushSeq);
        LOG.debugf("%s: false interruption, agent resumes", logTag);
    }

    @Override
    public void onPartial(Transcript transcript) {
        partial = transcript.getText();
        transport.userTranscript(floor.nextUserTurnId(), joined(collected.text(), transcript.getText()), false);
        if (floor.agentHoldsFloor() && bargeIn.paused() && !floor.agentIsSaying(transcript.getText())
                && bargeIn.onWords(transcript.getText()) == BargeInDetector.Verdict.INTERRUPT) {
            interrupted();
        }
    }

    @Override
    public void onFinal(Transcript transcript) {
        if (floor.ended()) {
            return;
        }
        if (transcript.getFlushSeq() != 0 && transcript.getFlushSeq() == discardFlushSeq) {
            discardFlushSeq = -1;
            collected.reset();
            collected.resume();
            return;
        }
        if (!callerHasFloor && transcript.getFlushSeq() == 0) {
            // Words recognized while nobody gave the caller the floor: echo or noise, never the start of a turn.
            return;
        }
        boolean answered = collected.add(transcript);
        partial = "";
        if (answered && callerHasFloor && endSignalled) {
            completeTurn();
        } else if (answered && flushedEarly && !callerSilent()) {
            // Spoke again after the early flush: the turn goes on, ended by the next silence.
            flushedEarly = false;
        } else if (answered && callerHasFloor && callerSilent()) {
            if (TurnCompleteness.looksUnfinished(collected.text()) && unfinishedWaitMs > 0) {
                // Sounds like more is coming: give the caller a little longer before answering.
                unfinishedTimer = context.timer(unfinishedWaitMs, () -> {
                    unfinishedTimer = -1;
                    if (callerHasFloor && callerSilent()) {
                        completeTurn();
                    }
                });
            } else {
                completeTurn();
            }
        }
    }

    @Override
    public void onSttError(Throwable error) {
        floor.sttFailed(error);
    }

    private void completeTurn() {
        callerHasFloor = false;
        endSignalled = false;
        flushedEarly = false;
        String text = collected.text();
        if (text.isBlank()) {
            // VAD heard something STT could not turn into words (noise, a cough): no turn, keep listening.
            LOG.debugf("%s: speech without words, no turn", logTag);
            floor.callerQuiet();
            return;
        }
        TurnTimeline timeline = new TurnTimeline();
        timeline.endOfSpeechMs = lastSpeechWallMs;
        timeline.sttFinalMs = TurnTimeline.now();
        float confidence = collected.confidence();
        List<Word> words = collected.words();
        collected.reset();
        floor.userTurn(text, confidence, words, timeline);
    }

    private static String joined(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + " " + b;
    }
}
