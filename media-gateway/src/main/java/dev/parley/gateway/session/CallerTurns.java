package dev.parley.gateway.session;

import dev.parley.contracts.stt.v1.Transcript;
import dev.parley.gateway.inbound.InboundAudio;
import dev.parley.gateway.stt.SpeechGate;
import dev.parley.gateway.stt.SttStream;
import dev.parley.gateway.turntaking.TurnTaking;
import dev.parley.gateway.vad.EchoGuard;
import dev.parley.gateway.vad.LineLevel;
import dev.parley.gateway.vad.VadStream;

import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The caller's side of a call, as an adapter: the caller's audio goes to VAD and the echo guard, and around speech
 * to STT ({@link SpeechGate}); what they tell — speech probability, echo, transcripts — goes to {@link TurnTaking} as events. It decides nothing.
 */
final class CallerTurns implements SttStream.Listener {
    /** 320 ms before the first frame that may be speech: the onset of the first syllable. */
    private static final int PRE_ROLL_FRAMES = 10;
    /**
     * 320 ms after the last: the last word's tail. With the pre-roll, any pause under 640 ms reaches the recognizer
     * whole; the rest of a longer silence would only cost STT time (it is the scarce CPU when many callers speak).
     */
    private static final int HANGOVER_FRAMES = 10;
    private final TurnTaking turns;
    private final InboundAudio inbound = new InboundAudio();
    private final VadStream vad;
    private final LineLevel level = new LineLevel();
    private final EchoGuard echo;
    private final Predicate<String> agentIsSaying;
    private final Consumer<Throwable> sttFailed;
    private final SpeechGate gate;
    private final CallRedaction redaction;
    private SttStream stt;

    /**
     * @param agentIsSaying whether some words are all words of what the agent is saying now (its voice heard back)
     */
    CallerTurns(TurnTaking turns, VadStream vad, EchoGuard echo, Predicate<String> agentIsSaying,
                Consumer<Throwable> sttFailed, float gateOpensAt, CallRedaction redaction) {
        this.turns = turns;
        this.vad = vad;
        this.echo = echo;
        this.agentIsSaying = agentIsSaying;
        this.sttFailed = sttFailed;
        this.redaction = redaction;
        // Every frame has the same length: a frame's index places it in the caller's audio.
        this.gate = new SpeechGate(PRE_ROLL_FRAMES, HANGOVER_FRAMES, gateOpensAt,
                (frame, index) -> stt.audio(frame, index * frame.length));
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

    /** What the brain asked for: STT listens for a number too while one is expected. */
    void expect(Set<Integer> digitCounts) {
        stt.expect(digitCounts);
    }

    void flush(long seq) {
        stt.flush(seq);
    }

    void close() {
        stt.close();
    }

    /** Closes, letting the recording learn of PII in the recognizer's closing final; then {@code done} runs. */
    void closeForRedaction(Runnable done) {
        stt.close(transcript -> redaction.callerFinal(transcript, stt::callerSampleAt), done);
    }

    private void onFrame(short[] frame) {
        float p = vad.probability(frame);
        // The agent's own voice coming back down the line is neither an interruption nor a turn, also in the
        // moment after the agent stops (its last words are still on their way back).
        long nowMs = System.nanoTime() / 1_000_000;
        boolean isEcho = echo.callerAudioIsEcho(frame, 16_000, nowMs);
        gate.frame(frame, isEcho ? 0f : p);
        double rise = level.riseDb(frame, p, isEcho);
        // A sound on a line that may carry echo could be the agent's own first syllable coming back, not yet matched.
        turns.onFrame(TurnTimeline.now(), p, echo.lineHasNoEcho(nowMs) ? rise : Double.NaN, isEcho);
    }

    @Override
    public void onPartial(Transcript transcript) {
        String text = transcript.getText();
        turns.onPartial(TurnTimeline.now(), text, agentIsSaying.test(text));
    }

    @Override
    public void onFinal(Transcript transcript) {
        redaction.callerFinal(transcript, stt::callerSampleAt);
        turns.onFinal(TurnTimeline.now(), transcript);
    }

    @Override
    public void onSttError(Throwable error) {
        sttFailed.accept(error);
    }
}
