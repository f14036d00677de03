package dev.parley.gateway.session;

import dev.parley.contracts.dialogue.v1.Action;
import dev.parley.contracts.dialogue.v1.TurnDone;
import dev.parley.contracts.dialogue.v1.CallStart;
import dev.parley.contracts.stt.v1.Word;
import dev.parley.contracts.trace.v1.TraceContext;
import dev.parley.contracts.tts.v1.AudioChunk;
import dev.parley.contracts.tts.v1.SynthesisConfig;
import dev.parley.gateway.dialogue.DialogueStream;
import dev.parley.gateway.failover.Outages;
import dev.parley.gateway.playout.PhoneAudio;
import dev.parley.gateway.recording.CallRecording;
import dev.parley.gateway.tracing.CallTrace;
import dev.parley.gateway.transport.CallTransport;
import dev.parley.gateway.tts.Utterance;
import dev.parley.gateway.vad.EchoGuard;
import io.grpc.Status;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Set;

/**
 * The agent's side of a call: the brain answers each turn with text, TTS turns the text into audio, playback sends
 * it and the line's marks tell how much of it the caller has heard. A turn is over once it is generated, spoken and
 * played in full, or when the caller interrupts it; who has the floor then is the {@link Floor}'s business.
 * At most one agent turn is in flight. Every method runs on the call's context, like the session's.
 */
final class AgentTurns implements DialogueStream.Listener, Utterance.Listener {
    private static final Logger LOG = Logger.getLogger(AgentTurns.class);

    /** The session as the agent's side sees it. */
    interface Floor {
        /** The turn was heard in full: the floor goes back to the caller, then the turn's actions are due. */
        void agentFinished(long turnId, List<Action> actions);

        void dialogueFailed(Throwable error);

        /** How many digits make a whole number in the caller's next answer, as the brain sees it (empty: unknown). */
        void brainExpects(Set<Integer> digitCounts);

        /** Speech synthesis had no room for the greeting: the call never really started. */
        void greetingRefused(Throwable error);
    }

    private final Floor floor;
    private final CallInfo info;
    private final CallTransport transport;
    private final CallContext context;
    private final LiveServices services;
    private final CallEvents events;
    private final CallTrace trace;
    private final AgentPlayback playback;
    private final DialogueStream dialogue;
    private final Outages outages;
    private final CallRedaction redaction;
    private final FirstAudible firstAudible;
    private final HeldMarks held = new HeldMarks();
    private AgentTurn current;
    private int turnsTaken;
    private boolean closed;

    AgentTurns(Floor floor, CallInfo info, CallTransport transport, CallContext context, LiveServices services,
               CallEvents events, CallTrace trace, EchoGuard echo, int playoutLeadMs, Outages outages,
               CallRecording recording, CallRedaction redaction) {
        this.floor = floor;
        this.info = info;
        this.transport = transport;
        this.context = context;
        this.services = services;
        this.events = events;
        this.trace = trace;
        this.outages = outages;
        this.redaction = redaction;
        this.firstAudible = new FirstAudible(trace, events, services.metrics(), transport);
        this.playback = new AgentPlayback(transport, context, playoutLeadMs, echo, recording,
                nanos -> firstAudible.audioStarts(current), nanos -> firstAudible.audible(current, nanos));
        // The greeting is agent turn 0: the brain answers the call start with it.
        this.current = new AgentTurn(0, new TurnTimeline());
        this.dialogue = new DialogueStream(services.dialogue(), CallStart.newBuilder().setTenantId(info.tenantId())
                .setCallId(info.callId()).setFrom(info.from()).setTo(info.to()).putAllParameters(info.parameters())
                .setTrace(trace.greeting()).setWarmup(services.warmUp()).build(),
                context, this, outages);
    }

    boolean inFlight() {
        return current != null;
    }

    /** Whether {@code words} are all words of what the agent is saying now (its own voice heard back). */
    boolean isSaying(String words) {
        return current != null && current.utterance != null && EchoWords.within(words, current.utterance.text());
    }

    /** The agent's turn that answers the caller's turn {@code turnId}. */
    void answer(long turnId, String text, float confidence, List<Word> words, TurnTimeline timeline,
                TraceContext turnTrace) {
        replaceTurn(new AgentTurn(turnId, timeline));
        dialogue.userTurn(turnId, text, confidence, words, turnTrace);
    }

    void answerDtmf(long turnId, String digits, TurnTimeline timeline, TraceContext turnTrace) {
        replaceTurn(new AgentTurn(turnId, timeline));
        dialogue.dtmf(turnId, digits, turnTrace);
    }

    /** Agent turns the caller heard (whole or in part), for the call's summary. */
    int turnsTaken() {
        return turnsTaken;
    }

    /** The caller may be interrupting: hold the audio not yet sent. */
    void pause() {
        playback.pause();
    }

    void resume() {
        playback.resume();
    }

    // ---- brain -----------------------------------------------------------------------------------------

    @Override
    public void onAgentText(long turnId, String delta) {
        AgentTurn turn = turn(turnId);
        if (turn == null) {
            return;
        }
        turn.timeline.brainText();
        if (turn.utterance == null) {
            turn.utterance = new Utterance(services.tts(), SynthesisConfig.newBuilder()
                    .setTenantId(services.account(info.tenantId())).setCallId(info.callId()).setTurnId(turnId)
                    .setVoice(info.voice()).setSampleRateHz(8_000).setTrace(trace.turn(turnId)).build(), context,
                    this, outages);
        }
        turn.utterance.write(delta);
        transport.agentText(turnId, turn.utterance.text());
    }

    @Override
    public void onAgentAction(long turnId, Action action) {
        AgentTurn turn = turn(turnId);
        if (turn != null) {
            turn.pendingActions.add(action);
        }
    }

    @Override
    public void onAgentDone(long turnId, TurnDone done) {
        redaction.recognized(done.getRedactValuesList());
        events.publishHeldTurns();
        AgentTurn turn = turn(turnId);
        if (turn == null) {
            return;
        }
        floor.brainExpects(Set.copyOf(done.getExpect().getDigitCountsList()));
        turn.brain = done.getBrain();
        turn.brainDone = true;
        if (turn.utterance == null) {
            turn.speechDone = true;
            finishIfComplete();
        } else {
            turn.utterance.endOfText();
        }
    }

    @Override
    public void onDialogueError(Throwable error) {
        floor.dialogueFailed(error);
    }

    // ---- speech ----------------------------------------------------------------------------------------

    @Override
    public void onSpeechAudio(Utterance utterance, AudioChunk chunk) {
        AgentTurn turn = turn(utterance.turnId());
        if (turn == null || turn.utterance != utterance) {
            return;
        }
        turn.timeline.ttsAudio();
        String mark = "t" + turn.turnId + "p" + chunk.getPhraseIndex() + "e" + chunk.getTextEnd();
        turn.expectMark(mark, chunk.getTextEnd());
        playback.play(PhoneAudio.toMuLaw(chunk), mark, redaction.phrase(turn, chunk));
    }

    @Override
    public void onSpeechDone(Utterance utterance) {
        AgentTurn turn = turn(utterance.turnId());
        if (turn != null && turn.utterance == utterance) {
            turn.speechDone = true;
            finishIfComplete();
        }
    }

    @Override
    public void onSpeechError(Utterance utterance, Throwable error) {
        if (utterance.turnId() == 0 && Status.fromThrowable(error).getCode() == Status.Code.RESOURCE_EXHAUSTED) {
            floor.greetingRefused(error);
            return;
        }
        LOG.errorf("%s: speech synthesis failed for turn %d: %s", info.logTag(), utterance.turnId(), error);
        onSpeechDone(utterance);
    }

    /** Whether agent audio is still being sent to the line. */
    boolean speaking() {
        return !playback.idle();
    }

    /**
     * Plays audio the gateway holds (an apology, a goodbye), after whatever is queued; {@code whenHeard} runs once the
     * line has played it.
     */
    void sayHeld(byte[] ulaw, Runnable whenHeard) {
        playback.play(ulaw, held.add(whenHeard));
    }

    /** The brain hears that its warm transfer reached nobody, and what the caller was told instead. */
    void transferFailed(long turnId, String target, String outcome, String toldCaller) {
        dialogue.transferFailed(turnId, target, outcome, toldCaller);
    }

    /** The line played everything up to this mark (its wire name, as the line echoes it). */
    void markPlayed(String wireName) {
        String name = playback.echoed(wireName);
        Runnable heldPrompt = held.heard(name);
        if (heldPrompt != null) {
            heldPrompt.run();
            return;
        }
        if (name != null && current != null && current.markPlayed(name)) {
            finishIfComplete();
        }
    }

    private void finishIfComplete() {
        if (current == null || !current.complete()) {
            return;
        }
        AgentTurn done = current;
        replaceTurn(null);
        String heard = done.generatedText().trim();
        trace.agentTurnEnded(done.turnId, false, done.brain, heard.length());
        if (!heard.isEmpty()) {
            // A turn with nothing to say (e.g. a DTMF digit the brain is still collecting) is no agent turn.
            turnsTaken++;
            LOG.debugf("%s: agent: %s", info.logTag(), redaction.forLog(heard));
            dialogue.heard(done.turnId, heard, false);
            transport.agentHeard(done.turnId, heard, false);
            events.agentTurn(done, heard, false);
        }
        playback.resume();
        floor.agentFinished(done.turnId, done.pendingActions);
    }

    // ---- barge-in and end ------------------------------------------------------------------------------

    /** The caller took the floor: stop the audio, the synthesis and the brain of the turn, all at once. */
    void interrupt() {
        AgentTurn cut = current;
        if (cut == null) {
            return;
        }
        replaceTurn(null);
        playback.flush();
        playback.clearLine();
        if (cut.utterance != null) {
            cut.utterance.cancel();
        }
        dialogue.cancel(cut.turnId);
        String heard = cut.heardText();
        trace.agentTurnEnded(cut.turnId, true, cut.brain, heard.length());
        dialogue.heard(cut.turnId, heard, true);
        transport.agentHeard(cut.turnId, heard, true);
        turnsTaken++;
        // The words stay out of INFO: with them, a log would hold what the caller was told (a number read back).
        LOG.infof("%s: barge-in on turn %d after %d characters heard", info.logTag(), cut.turnId, heard.length());
        events.bargeIn(cut.turnId, heard);
        events.agentTurn(cut, heard, true);
        services.metrics().bargeIn();
    }

    /** The call ended: silence the line and drop the turn in flight; nothing more from the brain or TTS counts. */
    void close() {
        closed = true;
        playback.stop();
        if (current != null && current.utterance != null) {
            current.utterance.cancel();
        }
        replaceTurn(null);
        dialogue.close();
    }

    /** A turn left in flight is over for the recording too: its phrases carry PII or not by its text so far. */
    private void replaceTurn(AgentTurn next) {
        if (current != null) {
            redaction.agentTurnOver(current);
        }
        current = next;
    }

    /** The turn in flight if it is {@code turnId}; answers for an older turn arrive late and are dropped. */
    private AgentTurn turn(long turnId) {
        return current != null && current.turnId == turnId && !closed ? current : null;
    }
}
