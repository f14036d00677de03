package dev.parley.gateway.session;

import dev.parley.contracts.dialogue.v1.Action;
import dev.parley.contracts.stt.v1.Word;
import dev.parley.contracts.trace.v1.TraceContext;
import dev.parley.gateway.stt.SttStream;
import dev.parley.gateway.tracing.CallTrace;
import dev.parley.gateway.transport.CallTransport;
import dev.parley.gateway.vad.EchoGuard;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * One call: the hub of the live path. The caller's side ({@link CallerTurns}) turns audio into user turns and
 * barge-in decisions; the agent's side ({@link AgentTurns}) answers them through the brain, TTS and the line.
 * This class owns the floor between them: it hands each user turn to the agent, gives the floor back when the
 * agent's turn has been heard (running its hang-up or transfer), interrupts the agent when the caller barges in,
 * and ends the call. Every method runs on the call's own context (see {@link CallContext}), so the state needs no
 * locks.
 */
public final class CallSession implements CallerTurns.Floor, AgentTurns.Floor {
    private static final Logger LOG = Logger.getLogger(CallSession.class);

    private final CallInfo info;
    private final CallTransport transport;
    private final LiveServices services;
    private final CallEvents events;
    private final CallTrace trace;
    private final CallerTurns caller;
    private final AgentTurns agent;
    private final long startedAtMs = System.currentTimeMillis();

    private CallState state = CallState.THINKING;
    private long nextUserTurnId = 1;
    private int userTurns;
    private String endReason;

    CallSession(CallInfo info, CallTransport transport, CallContext context, LiveServices services,
                TurnPolicy settings, int playoutLeadMs) {
        this.info = info;
        this.transport = transport;
        this.services = services;
        EchoGuard echo = new EchoGuard();
        this.trace = CallTrace.start(services.tracer(), info.tenantId(), info.callId(), transport.name(),
                transport.origin());
        this.events = new CallEvents(services.events(), info, trace);
        events.started(startedAtMs, transport.name(), info.from(), info.to());
        this.caller = new CallerTurns(this, transport, context, info.logTag(), services.vad().newStream(), echo,
                settings);
        caller.listenWith(new SttStream(services.stt(), info.tenantId(), info.callId(), 16_000, context, caller,
                trace::callerSide));
        this.agent = new AgentTurns(this, info, transport, context, services, events, trace, echo, playoutLeadMs);
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
        state = CallState.THINKING;
        agent.answerDtmf(turnId, digits, timeline, turnTrace);
    }

    @Override
    public boolean agentHoldsFloor() {
        return agent.inFlight() && (state == CallState.THINKING || state == CallState.SPEAKING);
    }

    @Override
    public boolean agentIsSaying(String words) {
        return agent.isSaying(words);
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
        agent.pause();
    }

    @Override
    public void resumeAgent() {
        agent.resume();
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
        state = CallState.THINKING;
        agent.answer(turnId, text, confidence, words, timeline, turnTrace);
    }

    @Override
    public void sttFailed(Throwable error) {
        LOG.errorf("%s: speech recognition stream failed: %s", info.logTag(), error.toString());
        if (state != CallState.ENDED) {
            end("error");
        }
    }

    // ---- the agent ------------------------------------------------------------------------------------

    @Override
    public void agentSpeaks() {
        if (state == CallState.THINKING) {
            state = CallState.SPEAKING;
        }
    }

    @Override
    public void agentFinished(long turnId, List<Action> actions) {
        caller.agentTurnOver();
        if (state != CallState.USER_SPEAKING) {
            state = caller.speaking() ? CallState.USER_SPEAKING : CallState.LISTENING;
        }
        if (state == CallState.USER_SPEAKING) {
            trace.callerSpeaking();
        }
        for (Action action : actions) {
            if (action.hasEndCall()) {
                end("agent-hangup");
                return;
            }
            if (action.hasTransfer()) {
                events.transfer(turnId, action.getTransfer().getTarget(), action.getTransfer().getReason());
                end("transferred");
                return;
            }
        }
    }

    @Override
    public void dialogueFailed(Throwable error) {
        LOG.errorf("%s: dialogue stream failed: %s", info.logTag(), error.toString());
        if (state != CallState.ENDED) {
            end("error");
        }
    }

    /** The line played everything up to this mark. */
    public void onMarkPlayed(String name) {
        agent.markPlayed(name);
    }

    /** The caller took the floor: the agent's turn stops at once. */
    @Override
    public void interruptAgent() {
        if (agent.inFlight()) {
            caller.agentTurnOver();
            agent.interrupt();
        }
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
        agent.close();
        caller.close();
        long now = System.currentTimeMillis();
        events.ended(now, now - startedAtMs, reason, userTurns, agent.turnsTaken());
        trace.end(reason, userTurns, agent.turnsTaken());
        services.metrics().callEnded();
        LOG.infof("%s: call ended (%s) after %d ms", info.logTag(), reason, now - startedAtMs);
        if (!"caller-hangup".equals(reason)) {
            transport.hangUp(reason);
        }
    }
}
