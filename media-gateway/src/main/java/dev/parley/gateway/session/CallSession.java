package dev.parley.gateway.session;

import dev.parley.contracts.dialogue.v1.Action;
import dev.parley.contracts.dialogue.v1.CallStart;
import dev.parley.contracts.stt.v1.Transcript;
import dev.parley.contracts.tts.v1.AudioChunk;
import dev.parley.contracts.tts.v1.SynthesisConfig;
import dev.parley.gateway.dialogue.DialogueStream;
import dev.parley.gateway.inbound.InboundAudio;
import dev.parley.gateway.playout.PhoneAudio;
import dev.parley.gateway.stt.SttStream;
import dev.parley.gateway.transport.CallTransport;
import dev.parley.gateway.tts.Utterance;
import dev.parley.gateway.vad.SpeechDetector;
import dev.parley.gateway.vad.VadStream;
import org.jboss.logging.Logger;


/**
 * One call: the hub of the live path. Caller audio feeds VAD and STT; a finished user turn goes to the brain;
 * the brain's text goes to TTS; TTS audio is paced to the caller; a barge-in cancels all of them at once.
 * Every method runs on the call's own context (see {@link CallContext}), so the state needs no locks.
 */
public final class CallSession implements SttStream.Listener, DialogueStream.Listener, Utterance.Listener {
    private static final Logger LOG = Logger.getLogger(CallSession.class);

    private final CallInfo info;
    private final CallTransport transport;
    private final CallContext context;
    private final LiveServices services;
    private final InboundAudio inbound = new InboundAudio();
    private final VadStream vad;
    private final SpeechDetector detector;
    private final AgentPlayback playback;
    private final CallEvents events;
    private final UserTurnCollector userTurn = new UserTurnCollector();
    private final BargeInDetector bargeInDetector;
    private final int unfinishedWaitMs;
    private final SttStream stt;
    private final DialogueStream dialogue;
    private final long startedAtMs = System.currentTimeMillis();

    private CallState state = CallState.THINKING;
    private AgentTurn agent;
    private long nextUserTurnId = 1;
    private long lastSpeechWallMs;
    private int userTurns;
    private int agentTurns;
    private String pendingHangupReason;
    private long unfinishedTimer = -1;
    /** Flush whose final is thrown away: the words of a false interruption are not the caller's next turn. */
    private long discardFlushSeq = -1;

    CallSession(CallInfo info, CallTransport transport, CallContext context, LiveServices services,
                TurnSettings settings, int playoutLeadMs) {
        this.info = info;
        this.transport = transport;
        this.context = context;
        this.services = services;
        this.vad = services.vad().newStream();
        this.detector = new SpeechDetector(new SpeechDetector.Settings(settings.vadStartThreshold(),
                settings.vadEndThreshold(), settings.speechStartMs(), settings.endpointingMs()), 32);
        this.bargeInDetector = new BargeInDetector(settings.vadStartThreshold(), settings.vadEndThreshold(),
                settings.bargeInConfirmMs(), settings.bargeInReleaseMs(), 32);
        this.unfinishedWaitMs = settings.unfinishedWaitMs();
        this.playback = new AgentPlayback(transport, context, playoutLeadMs, this::onAgentAudioStarts);
        this.events = new CallEvents(services.events(), info);
        events.started(startedAtMs, transport.name(), info.from(), info.to());
        this.stt = new SttStream(services.stt(), info.tenantId(), info.callId(), 16_000, context, this);
        // The greeting is agent turn 0: the brain answers the call start with it.
        this.agent = new AgentTurn(0, new TurnTimeline());
        this.dialogue = new DialogueStream(services.dialogue(), CallStart.newBuilder().setTenantId(info.tenantId())
                .setCallId(info.callId()).setFrom(info.from()).setTo(info.to()).build(), context, this);
        services.metrics().callStarted();
    }

    public CallInfo info() {
        return info;
    }

    public CallState state() {
        return state;
    }

    // ---- caller audio ----------------------------------------------------------------------------------

    public void onCallerAudio(byte[] ulaw) {
        if (state == CallState.ENDED) {
            return;
        }
        inbound.pushMuLaw(ulaw, this::onFrame);
    }

    /** Caller audio already PCM16 at 16 kHz (browser transports). */
    public void onCallerPcm16k(short[] pcm) {
        if (state == CallState.ENDED) {
            return;
        }
        inbound.pushPcm(pcm, this::onFrame);
    }

    /** Push-to-talk released: the caller says the turn is over, no need to wait for silence. */
    public void onEndOfTurnSignal() {
        if (state == CallState.USER_SPEAKING && !userTurn.awaitingFlush()) {
            stt.flush(userTurn.flush());
        }
    }

    private void onFrame(short[] frame) {
        stt.audio(frame);
        float p = vad.probability(frame);
        if (p >= 0.35f) {
            lastSpeechWallMs = System.currentTimeMillis();
        }
        SpeechDetector.Change change = detector.update(p);
        if (agentHoldsFloor()) {
            // The caller's sounds only become a turn once they have interrupted the agent.
            switch (bargeInDetector.onFrame(p)) {
                case PAUSE -> playback.pause();
                case RESUME -> falseInterruption();
                case INTERRUPT -> interruptedBy();
                default -> {
                }
            }
            return;
        }
        switch (change) {
            case SPEECH_STARTED -> onSpeechStarted();
            case SPEECH_ENDED -> onSpeechEnded();
            default -> {
            }
        }
    }

    private boolean agentHoldsFloor() {
        return agent != null && (state == CallState.THINKING || state == CallState.SPEAKING);
    }

    private void onSpeechStarted() {
        if (userTurn.awaitingFlush()) {
            userTurn.resume();
        }
        if (unfinishedTimer >= 0) {
            context.cancelTimer(unfinishedTimer);
            unfinishedTimer = -1;
        }
        if (state != CallState.ENDED) {
            state = CallState.USER_SPEAKING;
        }
    }

    /** Confirmed: the caller is talking over the agent. */
    private void interruptedBy() {
        bargeIn();
        onSpeechStarted();
    }

    /** A cough, a click or a "mhm": the agent goes on where it paused, and those sounds are no turn. */
    private void falseInterruption() {
        playback.resume();
        discardFlushSeq = userTurn.flush();
        stt.flush(discardFlushSeq);
        services.metrics().falseInterruption();
        LOG.debugf("[%s] false interruption, agent resumes", info.callId());
    }

    private void onSpeechEnded() {
        if (state != CallState.USER_SPEAKING) {
            return;
        }
        stt.flush(userTurn.flush());
    }

    @Override
    public void onPartial(Transcript transcript) {
        transport.userTranscript(nextUserTurnId, joined(userTurn.text(), transcript.getText()), false);
        if (agentHoldsFloor() && bargeInDetector.paused()
                && bargeInDetector.onWords(transcript.getText()) == BargeInDetector.Verdict.INTERRUPT) {
            interruptedBy();
        }
    }

    @Override
    public void onFinal(Transcript transcript) {
        if (state == CallState.ENDED) {
            return;
        }
        if (transcript.getFlushSeq() != 0 && transcript.getFlushSeq() == discardFlushSeq) {
            discardFlushSeq = -1;
            userTurn.reset();
            userTurn.resume();
            return;
        }
        if (userTurn.add(transcript) && state == CallState.USER_SPEAKING && !detector.speaking()) {
            if (TurnCompleteness.looksUnfinished(userTurn.text()) && unfinishedWaitMs > 0) {
                // Sounds like more is coming: give the caller a little longer before answering.
                unfinishedTimer = context.timer(unfinishedWaitMs, () -> {
                    unfinishedTimer = -1;
                    if (state == CallState.USER_SPEAKING && !detector.speaking()) {
                        completeUserTurn();
                    }
                });
            } else {
                completeUserTurn();
            }
        }
    }

    private void completeUserTurn() {
        String text = userTurn.text();
        if (text.isBlank()) {
            // VAD heard something STT could not turn into words (noise, a cough): no turn, keep listening.
            LOG.debugf("[%s] speech without words, no turn", info.callId());
            state = CallState.LISTENING;
            return;
        }
        long turnId = nextUserTurnId++;
        transport.userTranscript(turnId, text, true);
        TurnTimeline timeline = new TurnTimeline();
        timeline.endOfSpeechMs = lastSpeechWallMs;
        timeline.sttFinalMs = TurnTimeline.now();
        float confidence = userTurn.confidence();
        userTurn.reset();
        userTurns++;
        LOG.infof("[%s] caller: %s", info.callId(), text);
        events.userTurn(turnId, text, confidence, "speech");
        agent = new AgentTurn(turnId, timeline);
        state = CallState.THINKING;
        dialogue.userTurn(turnId, text, confidence);
    }

    public void onDtmf(String digits) {
        if (state == CallState.ENDED) {
            return;
        }
        long turnId = nextUserTurnId++;
        events.userTurn(turnId, digits, 1.0, "dtmf");
        if (state == CallState.SPEAKING || state == CallState.THINKING) {
            bargeIn();
        }
        TurnTimeline timeline = new TurnTimeline();
        timeline.endOfSpeechMs = TurnTimeline.now();
        timeline.sttFinalMs = timeline.endOfSpeechMs;
        agent = new AgentTurn(turnId, timeline);
        state = CallState.THINKING;
        dialogue.dtmf(turnId, digits);
    }

    // ---- brain -----------------------------------------------------------------------------------------

    @Override
    public void onAgentText(long turnId, String delta) {
        AgentTurn turn = current(turnId);
        if (turn == null) {
            return;
        }
        turn.timeline.brainText();
        if (turn.utterance == null) {
            turn.utterance = new Utterance(services.tts(), SynthesisConfig.newBuilder()
                    .setTenantId(info.tenantId()).setCallId(info.callId()).setTurnId(turnId)
                    .setVoice(info.voice()).setSampleRateHz(8_000).build(), context, this);
        }
        turn.utterance.write(delta);
        transport.agentText(turnId, turn.utterance.text());
    }

    @Override
    public void onAgentAction(long turnId, Action action) {
        AgentTurn turn = current(turnId);
        if (turn != null) {
            turn.pendingActions.add(action);
        }
    }

    @Override
    public void onAgentDone(long turnId, String brain) {
        AgentTurn turn = current(turnId);
        if (turn == null) {
            return;
        }
        turn.brain = brain;
        turn.brainDone = true;
        if (turn.utterance == null) {
            turn.speechDone = true;
            finishAgentTurnIfComplete();
        } else {
            turn.utterance.endOfText();
        }
    }

    @Override
    public void onDialogueError(Throwable error) {
        LOG.errorf("[%s] dialogue stream failed: %s", info.callId(), error.toString());
        if (state != CallState.ENDED) {
            end("error");
        }
    }

    // ---- speech ----------------------------------------------------------------------------------------

    @Override
    public void onSpeechAudio(Utterance utterance, AudioChunk chunk) {
        AgentTurn turn = current(utterance.turnId());
        if (turn == null || turn.utterance != utterance) {
            return;
        }
        turn.timeline.ttsAudio();
        String mark = "t" + turn.turnId + "p" + chunk.getPhraseIndex() + "e" + chunk.getTextEnd();
        turn.expectMark(mark, chunk.getTextEnd());
        if (state == CallState.THINKING) {
            state = CallState.SPEAKING;
        }
        playback.play(PhoneAudio.toMuLaw(chunk), mark);
    }

    @Override
    public void onSpeechDone(Utterance utterance) {
        AgentTurn turn = current(utterance.turnId());
        if (turn != null && turn.utterance == utterance) {
            turn.speechDone = true;
            finishAgentTurnIfComplete();
        }
    }

    @Override
    public void onSpeechError(Utterance utterance, Throwable error) {
        LOG.errorf("[%s] speech synthesis failed for turn %d: %s", info.callId(), utterance.turnId(), error);
        onSpeechDone(utterance);
    }

    private void onAgentAudioStarts(long nanos) {
        if (agent != null && agent.timeline.audioSent() && agent.timeline.endOfSpeechMs > 0) {
            events.latency(agent);
            long millis = agent.timeline.firstAudioSentMs - agent.timeline.endOfSpeechMs;
            services.metrics().voiceToVoice(millis);
            transport.turnLatency(agent.turnId, millis);
        }
    }

    /** The line played everything up to this mark. */
    public void onMarkPlayed(String name) {
        if (agent != null && agent.markPlayed(name)) {
            finishAgentTurnIfComplete();
        }
    }

    private void finishAgentTurnIfComplete() {
        if (agent == null || !agent.complete()) {
            return;
        }
        AgentTurn turn = agent;
        agent = null;
        String heard = turn.generatedText().trim();
        if (!heard.isEmpty()) {
            // A turn with nothing to say (e.g. a DTMF digit the brain is still collecting) is no agent turn.
            agentTurns++;
            LOG.infof("[%s] agent: %s", info.callId(), heard);
            dialogue.heard(turn.turnId, heard, false);
            transport.agentHeard(turn.turnId, heard, false);
            events.agentTurn(turn, heard, false);
        }
        bargeInDetector.reset();
        playback.resume();
        if (state != CallState.USER_SPEAKING) {
            state = detector.speaking() ? CallState.USER_SPEAKING : CallState.LISTENING;
        }
        for (Action action : turn.pendingActions) {
            if (action.hasEndCall()) {
                end("agent-hangup");
                return;
            }
            if (action.hasTransfer()) {
                events.transfer(turn.turnId, action.getTransfer().getTarget(), action.getTransfer().getReason());
                end("transferred");
                return;
            }
        }
    }

    // ---- barge-in --------------------------------------------------------------------------------------

    private void bargeIn() {
        AgentTurn turn = agent;
        if (turn == null) {
            return;
        }
        agent = null;
        bargeInDetector.reset();
        playback.flush();
        transport.clear();
        if (turn.utterance != null) {
            turn.utterance.cancel();
        }
        dialogue.cancel(turn.turnId);
        String heard = turn.heardText();
        dialogue.heard(turn.turnId, heard, true);
        transport.agentHeard(turn.turnId, heard, true);
        agentTurns++;
        LOG.infof("[%s] barge-in on turn %d after: %s", info.callId(), turn.turnId, heard);
        events.bargeIn(turn.turnId, heard);
        events.agentTurn(turn, heard, true);
        services.metrics().bargeIn();
    }

    private AgentTurn current(long turnId) {
        return agent != null && agent.turnId == turnId && state != CallState.ENDED ? agent : null;
    }

    // ---- end -------------------------------------------------------------------------------------------

    @Override
    public void onSttError(Throwable error) {
        LOG.errorf("[%s] speech recognition stream failed: %s", info.callId(), error.toString());
        if (state != CallState.ENDED) {
            end("error");
        }
    }

    /** The caller hung up (or the line dropped). */
    public void onCallerHangup() {
        if (state != CallState.ENDED) {
            end("caller-hangup");
        }
    }

    private void end(String reason) {
        if (state == CallState.ENDED) {
            return;
        }
        state = CallState.ENDED;
        pendingHangupReason = reason;
        playback.stop();
        if (unfinishedTimer >= 0) {
            context.cancelTimer(unfinishedTimer);
            unfinishedTimer = -1;
        }
        if (agent != null && agent.utterance != null) {
            agent.utterance.cancel();
        }
        agent = null;
        stt.close();
        dialogue.close();
        long now = System.currentTimeMillis();
        events.ended(now, now - startedAtMs, reason, userTurns, agentTurns);
        services.metrics().callEnded();
        LOG.infof("[%s] call ended (%s) after %d ms", info.callId(), reason, now - startedAtMs);
        if (!"caller-hangup".equals(reason)) {
            transport.hangUp(reason);
        }
    }

    private static String joined(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + " " + b;
    }

    public String endReason() {
        return pendingHangupReason;
    }
}
