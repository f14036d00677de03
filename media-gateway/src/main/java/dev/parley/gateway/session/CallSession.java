package dev.parley.gateway.session;

import dev.parley.contracts.dialogue.v1.Action;
import dev.parley.contracts.dialogue.v1.CallStart;
import dev.parley.contracts.stt.v1.Word;
import dev.parley.contracts.trace.v1.TraceContext;
import dev.parley.contracts.tts.v1.AudioChunk;
import dev.parley.contracts.tts.v1.SynthesisConfig;
import dev.parley.gateway.dialogue.DialogueStream;
import dev.parley.gateway.playout.PhoneAudio;
import dev.parley.gateway.stt.SttStream;
import dev.parley.gateway.tracing.CallTrace;
import dev.parley.gateway.transport.CallTransport;
import dev.parley.gateway.tts.Utterance;
import dev.parley.gateway.vad.EchoGuard;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * One call: the hub of the live path. The caller's side ({@link CallerTurns}) turns audio into user turns and
 * barge-in decisions; this class owns the floor: it sends user turns to the brain, the brain's text to TTS, TTS
 * audio to the caller, and cancels all of them at once when the caller interrupts.
 * Every method runs on the call's own context (see {@link CallContext}), so the state needs no locks.
 */
public final class CallSession implements CallerTurns.Floor, DialogueStream.Listener, Utterance.Listener {
    private static final Logger LOG = Logger.getLogger(CallSession.class);

    private final CallInfo info;
    private final CallTransport transport;
    private final CallContext context;
    private final LiveServices services;
    private final AgentPlayback playback;
    private final CallEvents events;
    private final CallTrace trace;
    private final CallerTurns caller;
    private final DialogueStream dialogue;
    private final long startedAtMs = System.currentTimeMillis();

    private CallState state = CallState.THINKING;
    private AgentTurn agent;
    private long nextUserTurnId = 1;
    private int userTurns;
    private int agentTurns;
    private String endReason;

    CallSession(CallInfo info, CallTransport transport, CallContext context, LiveServices services,
                TurnPolicy settings, int playoutLeadMs) {
        this.info = info;
        this.transport = transport;
        this.context = context;
        this.services = services;
        EchoGuard echo = new EchoGuard();
        this.playback = new AgentPlayback(transport, context, playoutLeadMs, echo, this::onAgentAudioStarts);
        this.trace = CallTrace.start(services.tracer(), info.tenantId(), info.callId(), transport.name());
        this.events = new CallEvents(services.events(), info, trace);
        events.started(startedAtMs, transport.name(), info.from(), info.to());
        this.caller = new CallerTurns(this, transport, context, info.logTag(), services.vad().newStream(), echo,
                settings);
        caller.listenWith(new SttStream(services.stt(), info.tenantId(), info.callId(), 16_000, context, caller,
                trace::callerSide));
        // The greeting is agent turn 0: the brain answers the call start with it.
        this.agent = new AgentTurn(0, new TurnTimeline());
        this.dialogue = new DialogueStream(services.dialogue(), CallStart.newBuilder().setTenantId(info.tenantId())
                .setCallId(info.callId()).setFrom(info.from()).setTo(info.to()).setTrace(trace.greeting()).build(),
                context, this);
        services.metrics().callStarted();
    }

    public CallInfo info() {
        return info;
    }

    public CallState state() {
        return state;
    }

    public String endReason() {
        return endReason;
    }

    // ---- the caller ------------------------------------------------------------------------------------

    public void onCallerAudio(byte[] ulaw) {
        if (state != CallState.ENDED) {
            caller.muLaw(ulaw);
        }
    }

    /** Caller audio already PCM16 at 16 kHz (browser transports). */
    public void onCallerPcm16k(short[] pcm) {
        if (state != CallState.ENDED) {
            caller.pcm16k(pcm);
        }
    }

    /** Push-to-talk pressed: the caller takes the floor at once. */
    public void onTalkPressed() {
        if (state != CallState.ENDED) {
            caller.talkPressed();
        }
    }

    /** Push-to-talk released: the caller says the turn is over. */
    public void onEndOfTurnSignal() {
        if (state == CallState.USER_SPEAKING) {
            caller.endOfTurnSignal();
        }
    }

    public void onDtmf(String digits) {
        if (state == CallState.ENDED) {
            return;
        }
        long turnId = nextUserTurnId++;
        if (agentHoldsFloor()) {
            interruptAgent();
        }
        TraceContext turnTrace = trace.userTurn(turnId, "dtmf", 0);
        events.userTurn(turnId, digits, 1.0, "dtmf");
        TurnTimeline timeline = new TurnTimeline();
        timeline.endOfSpeechMs = TurnTimeline.now();
        timeline.sttFinalMs = timeline.endOfSpeechMs;
        agent = new AgentTurn(turnId, timeline);
        state = CallState.THINKING;
        dialogue.dtmf(turnId, digits, turnTrace);
    }

    @Override
    public boolean agentHoldsFloor() {
        return agent != null && (state == CallState.THINKING || state == CallState.SPEAKING);
    }

    @Override
    public boolean agentIsSaying(String words) {
        return agent != null && agent.utterance != null && EchoWords.within(words, agent.utterance.text());
    }

    @Override
    public boolean ended() {
        return state == CallState.ENDED;
    }

    @Override
    public long nextUserTurnId() {
        return nextUserTurnId;
    }

    @Override
    public void pauseAgent() {
        playback.pause();
    }

    @Override
    public void resumeAgent() {
        playback.resume();
        services.metrics().falseInterruption();
    }

    @Override
    public void callerSpeaking() {
        if (state != CallState.ENDED) {
            state = CallState.USER_SPEAKING;
            trace.callerSpeaking();
        }
    }

    @Override
    public void callerQuiet() {
        if (state == CallState.USER_SPEAKING) {
            state = CallState.LISTENING;
        }
        trace.callerQuiet();
    }

    @Override
    public void userTurn(String text, float confidence, List<Word> words, TurnTimeline timeline) {
        long turnId = nextUserTurnId++;
        transport.userTranscript(turnId, text, true);
        userTurns++;
        LOG.infof("%s: caller: %s", info.logTag(), text);
        TraceContext turnTrace = trace.userTurn(turnId, "speech", timeline.endOfSpeechMs);
        events.userTurn(turnId, text, confidence, "speech");
        agent = new AgentTurn(turnId, timeline);
        state = CallState.THINKING;
        dialogue.userTurn(turnId, text, confidence, words, turnTrace);
    }

    @Override
    public void sttFailed(Throwable error) {
        LOG.errorf("%s: speech recognition stream failed: %s", info.logTag(), error.toString());
        if (state != CallState.ENDED) {
            end("error");
        }
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
                    .setVoice(info.voice()).setSampleRateHz(8_000).setTrace(trace.turn(turnId)).build(), context,
                    this);
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
        LOG.errorf("%s: dialogue stream failed: %s", info.logTag(), error.toString());
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
        LOG.errorf("%s: speech synthesis failed for turn %d: %s", info.logTag(), utterance.turnId(), error);
        onSpeechDone(utterance);
    }

    private void onAgentAudioStarts(long nanos) {
        if (agent != null) {
            trace.playoutStarted(agent.turnId);
        }
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
        trace.agentTurnEnded(turn.turnId, false, turn.brain, heard.length());
        if (!heard.isEmpty()) {
            // A turn with nothing to say (e.g. a DTMF digit the brain is still collecting) is no agent turn.
            agentTurns++;
            LOG.infof("%s: agent: %s", info.logTag(), heard);
            dialogue.heard(turn.turnId, heard, false);
            transport.agentHeard(turn.turnId, heard, false);
            events.agentTurn(turn, heard, false);
        }
        playback.resume();
        caller.agentTurnOver();
        if (state != CallState.USER_SPEAKING) {
            state = caller.speaking() ? CallState.USER_SPEAKING : CallState.LISTENING;
        }
        if (state == CallState.USER_SPEAKING) {
            trace.callerSpeaking();
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

    /** The caller took the floor: stop the audio, the synthesis and the brain of the agent's turn, all at once. */
    @Override
    public void interruptAgent() {
        AgentTurn turn = agent;
        if (turn == null) {
            return;
        }
        agent = null;
        caller.agentTurnOver();
        playback.flush();
        transport.clear();
        if (turn.utterance != null) {
            turn.utterance.cancel();
        }
        dialogue.cancel(turn.turnId);
        String heard = turn.heardText();
        trace.agentTurnEnded(turn.turnId, true, turn.brain, heard.length());
        dialogue.heard(turn.turnId, heard, true);
        transport.agentHeard(turn.turnId, heard, true);
        agentTurns++;
        LOG.infof("%s: barge-in on turn %d after: %s", info.logTag(), turn.turnId, heard);
        events.bargeIn(turn.turnId, heard);
        events.agentTurn(turn, heard, true);
        services.metrics().bargeIn();
    }

    private AgentTurn current(long turnId) {
        return agent != null && agent.turnId == turnId && state != CallState.ENDED ? agent : null;
    }

    // ---- end -------------------------------------------------------------------------------------------

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
        endReason = reason;
        playback.stop();
        if (agent != null && agent.utterance != null) {
            agent.utterance.cancel();
        }
        agent = null;
        caller.close();
        dialogue.close();
        long now = System.currentTimeMillis();
        events.ended(now, now - startedAtMs, reason, userTurns, agentTurns);
        trace.end(reason, userTurns, agentTurns);
        services.metrics().callEnded();
        LOG.infof("%s: call ended (%s) after %d ms", info.logTag(), reason, now - startedAtMs);
        if (!"caller-hangup".equals(reason)) {
            transport.hangUp(reason);
        }
    }
}
