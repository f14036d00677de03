package dev.parley.gateway.session;

import dev.parley.contracts.dialogue.v1.Action;
import dev.parley.contracts.redaction.Redactor;
import dev.parley.contracts.trace.v1.TraceContext;
import dev.parley.gateway.failover.HeldPrompts;
import dev.parley.gateway.failover.Outages;
import dev.parley.gateway.recording.CallRecording;
import dev.parley.gateway.stt.SttStream;
import dev.parley.gateway.tracing.CallTrace;
import dev.parley.gateway.transport.CallTransport;
import dev.parley.gateway.turntaking.TurnCommands;
import dev.parley.gateway.turntaking.TurnPolicy;
import dev.parley.gateway.turntaking.TurnTaking;
import dev.parley.gateway.turntaking.UserTurn;
import dev.parley.gateway.vad.EchoGuard;
import io.grpc.Status;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One call: the hub of the live path. {@link TurnTaking} decides who holds the floor; this class carries out its
 * commands on the two sides of the call — the caller's ({@link CallerTurns}: audio to VAD and STT) and the agent's
 * ({@link AgentTurns}: brain, TTS, playout) — runs a finished agent turn's hang-up or transfer, and ends the call.
 * Every method runs on the call's own context (see {@link CallContext}), so the state needs no locks.
 */
public final class CallSession implements TurnCommands, AgentTurns.Floor, Outages.Listener, WarmHandOver.Session {
    private static final Logger LOG = Logger.getLogger(CallSession.class);
    /** End reason of a call refused at its start because a backend had no room for its stream. */
    public static final String BUSY = "busy";
    /** End reason of a call a live-path service failed for longer than the failover window. */
    public static final String BACKEND_LOST = "backend-lost";
    /** End reason of a call still live when its gateway's drain ran out. */
    public static final String DRAIN = "drain";
    /** How long a goodbye may take to play before the line is closed anyway. */
    private static final long GOODBYE_GRACE_MS = 1_500;
    /** How often an apology held back (the agent or the caller was speaking) looks for a quiet line. */
    private static final long APOLOGY_RETRY_MS = 250;

    private final CallInfo info;
    private final CallTransport transport;
    private final CallContext context;
    private final LiveServices services;
    private final CallEvents events;
    private final CallTrace trace;
    private final TurnTaking turns;
    private final CallerTurns caller;
    private final AgentTurns agent;
    private final Outages outages;
    private final CallRecording recording;
    private final CallRedaction redaction;
    private final Consumer<CallSession> whenEnded;
    private final long startedAtMs = System.currentTimeMillis();

    private long nextUserTurnId = 1;
    private int userTurns;
    private long wakeTimer = -1;
    private String endReason;
    /** Set while the goodbye before {@link #end} plays: the call takes no more turns. */
    private String endingFor;
    /** Where the brain asked the caller to be transferred, once it has: the line transfers instead of hanging up. */
    private String transferTo;
    /** The caller's last turns, for a warm transfer's brief. */
    private final ArrayDeque<String> lastHeard = new ArrayDeque<>();
    /** A warm transfer is under way: the caller waits, their words start no turn. */
    private boolean handingOver;
    /** The caller was bridged to a person: the call ends (for billing) when that call does. */
    private boolean bridged;

    CallSession(CallInfo info, CallTransport transport, CallContext context, LiveServices services,
                TurnPolicy policy, Redactor redactor, int playoutLeadMs, long failoverWindowMs,
                Consumer<CallSession> whenEnded) {
        this.info = info;
        this.transport = transport;
        this.context = context;
        this.services = services;
        this.whenEnded = whenEnded;
        EchoGuard echo = new EchoGuard();
        this.trace = CallTrace.start(services.tracer(), info.tenantId(), info.callId(), transport.name(),
                transport.origin());
        this.recording = services.recording(info.tenantId(), info.callId(), info.voice());
        this.redaction = new CallRedaction(redactor, recording);
        this.events = new CallEvents(services.events(), info, trace, redaction);
        events.started(startedAtMs, transport.name(), info.from(), info.to());
        this.turns = new TurnTaking(policy, this, 32);
        this.outages = new Outages(this, new Outages.Timers() {
            @Override
            public long nowMs() {
                return TurnTimeline.now();
            }

            @Override
            public void after(long millis, Runnable task) {
                context.timer(Math.max(1, millis), task);
            }
        }, failoverWindowMs, this::worthRetrying);
        this.agent = new AgentTurns(this, info, transport, context, services, events, trace, echo, playoutLeadMs,
                outages, recording, redaction);
        // Queued before the greeting can be: the caller hears that the call is recorded before anything else.
        recording.consent().ifPresent(consent -> agent.sayHeld(consent, () -> { }));
        this.caller = new CallerTurns(turns, services.vad().newStream(), echo, agent::isSaying, this::sttFailed,
                policy.vadEndThreshold(), redaction);
        caller.listenWith(new SttStream(services.stt(), services.account(info.tenantId()), info.callId(), 16_000,
                context, caller, outages, trace::callerSide, redaction.bleeps()));
        services.metrics().callStarted();
    }

    public CallInfo info() {
        return info;
    }

    public boolean ended() {
        return endReason != null;
    }

    public String endReason() {
        return endReason;
    }

    // ---- events from the line ----------------------------------------------------------------------------

    public void onCallerAudio(byte[] ulaw) {
        if (!ended()) {
            recording.callerMuLaw(ulaw);
            caller.muLaw(ulaw);
        }
    }

    /** Caller audio already PCM16 at 16 kHz (browser transports). */
    public void onCallerPcm16k(short[] pcm) {
        if (!ended()) {
            recording.callerPcm16k(pcm);
            caller.pcm16k(pcm);
        }
    }

    /** Push-to-talk pressed: the caller takes the floor at once. */
    public void onTalkPressed() {
        if (!ended()) {
            turns.onTalkPressed(TurnTimeline.now());
        }
    }

    /** Push-to-talk released: the caller says the turn is over. */
    public void onEndOfTurnSignal() {
        if (!ended()) {
            turns.onTalkReleased(TurnTimeline.now());
        }
    }

    public void onDtmf(String digits) {
        if (!ended()) {
            redaction.keyPressed();
            turns.onDtmf(TurnTimeline.now(), digits);
        }
    }

    /** The line played everything up to this mark. */
    public void onMarkPlayed(String name) {
        agent.markPlayed(name);
    }

    /** The caller hung up (or the line dropped). */
    public void onCallerHangup() {
        end("caller-hangup");
    }

    // ---- turn-taking's commands ---------------------------------------------------------------------------

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
    public void interruptAgent() {
        agent.interrupt();
    }

    @Override
    public void flushStt(long seq) {
        if (!ended()) {
            caller.flush(seq);
        }
    }

    @Override
    public void userTurn(UserTurn turn) {
        if (ended() || endingFor != null || handingOver) {
            return;
        }
        long turnId = nextUserTurnId++;
        TurnTimeline timeline = new TurnTimeline();
        timeline.endOfSpeechMs = turn.endOfSpeechMs();
        timeline.sttFinalMs = turn.decidedMs();
        if ("dtmf".equals(turn.source())) {
            TraceContext turnTrace = trace.userTurn(turnId, "dtmf", 0);
            events.userTurn(turnId, turn.text(), 1.0, "dtmf");
            agent.answerDtmf(turnId, turn.text(), timeline, turnTrace);
            return;
        }
        transport.userTranscript(turnId, turn.text(), true);
        userTurns++;
        lastHeard.addLast(turn.text());
        if (lastHeard.size() > 2) {
            lastHeard.removeFirst();
        }
        // DEBUG, masked: a caller's words (their card number, their symptoms) are no operational log line.
        LOG.debugf("%s: caller: %s", info.logTag(), redaction.forLog(turn.text()));
        TraceContext turnTrace = trace.userTurn(turnId, "speech", turn.endOfSpeechMs());
        events.userTurn(turnId, turn.text(), turn.confidence(), "speech");
        agent.answer(turnId, turn.text(), turn.confidence(), turn.words(), timeline, turnTrace);
    }

    @Override
    public void caption(String textSoFar) {
        transport.userTranscript(nextUserTurnId, textSoFar, false);
    }

    @Override
    public void callerSpeaking() {
        if (!ended()) {
            trace.callerSpeaking();
        }
    }

    @Override
    public void callerQuiet() {
        trace.callerQuiet();
    }

    @Override
    public void wakeAt(long atMs) {
        if (wakeTimer >= 0) {
            context.cancelTimer(wakeTimer);
        }
        wakeTimer = context.timer(Math.max(1, atMs - TurnTimeline.now()), () -> {
            wakeTimer = -1;
            if (!ended()) {
                turns.onTimer(TurnTimeline.now());
            }
        });
    }

    // ---- the agent's side --------------------------------------------------------------------------------

    @Override
    public void agentFinished(long turnId, List<Action> actions) {
        turns.onAgentDone(TurnTimeline.now());
        for (Action action : actions) {
            if (action.hasEndCall()) {
                end("agent-hangup");
                return;
            }
            if (action.hasTransfer()) {
                events.transfer(turnId, action.getTransfer().getTarget(), action.getTransfer().getReason());
                if (transferWarm(turnId, action.getTransfer().getTarget(), action.getTransfer().getReason())) {
                    return;
                }
                transferTo = action.getTransfer().getTarget();
                end(CallTransport.TRANSFERRED);
                return;
            }
        }
    }

    /** Hands the caller over warm if the line can; set before asking, as the line may fail it at once. */
    private boolean transferWarm(long turnId, String target, String reason) {
        handingOver = true;
        WarmHandOver handOver = new WarmHandOver(this, context, services.prompts(), info, turnId, target, reason,
                List.copyOf(lastHeard));
        if (!transport.transferWarm(target, handOver)) {
            handingOver = false;
        }
        return handingOver;
    }

    @Override
    public void bridged() {
        if (ended()) {
            return;
        }
        bridged = true;
        end(CallTransport.TRANSFERRED);
    }

    @Override
    public void bridgeEnded() {
        long now = System.currentTimeMillis();
        // Billed to the end of the bridge: the gateway carried the caller's media all along.
        events.ended(now, now - startedAtMs, CallTransport.TRANSFERRED, userTurns, agent.turnsTaken());
    }

    @Override
    public void takeBack(long turnId, String target, String outcome, CompletionStage<byte[]> sorry) {
        // Published even when the caller has gone: the call.transfer before it was no transfer.
        events.transferNotReached(turnId, target, outcome);
        if (ended()) {
            return;
        }
        LOG.infof("%s: warm transfer %s: the caller is back with the agent", info.logTag(), outcome);
        sorry.whenComplete((audio, error) -> context.execute(() -> {
            byte[] line = audio != null ? audio : services.prompts().apology(info.voice()).orElse(null);
            if (!ended() && line != null) {
                agent.sayHeld(line, () -> { });
            }
            if (!ended()) {
                agent.transferFailed(turnId, target, outcome,
                        audio != null ? WarmHandOver.NOT_REACHED : line != null ? HeldPrompts.APOLOGY : "");
            }
            handingOver = false;
        }));
    }

    @Override
    public void brainExpects(Set<Integer> digitCounts) {
        turns.onBrainExpects(digitCounts);
        caller.expect(digitCounts);
    }

    @Override
    public void dialogueFailed(Throwable error) {
        LOG.errorf("%s: dialogue stream failed: %s", info.logTag(), error.toString());
        end(endReasonOf(error));
    }

    @Override
    public void greetingRefused(Throwable error) {
        LOG.warnf("%s: speech synthesis refused the greeting: %s", info.logTag(), error.toString());
        end(endReasonOf(error));
    }

    private void sttFailed(Throwable error) {
        LOG.errorf("%s: speech recognition stream failed: %s", info.logTag(), error.toString());
        end(endReasonOf(error));
    }

    /** A backend full before the agent said a word makes the call a clean refusal, not a half-answered call. */
    private String endReasonOf(Throwable error) {
        return refusedAtStart(Status.fromThrowable(error)) ? BUSY : "error";
    }

    private boolean refusedAtStart(Status status) {
        return agent.turnsTaken() == 0 && status.getCode() == Status.Code.RESOURCE_EXHAUSTED;
    }

    private boolean worthRetrying(Status status) {
        return Outages.transientFailure(status) && !refusedAtStart(status);
    }

    // ---- failover ----------------------------------------------------------------------------------------

    @Override
    public void outage(String stage, String outcome, long downMs, String error) {
        if ("failed".equals(outcome)) {
            LOG.warnf("%s: %s stream failed (%s): opening a new one", info.logTag(), stage, error);
            trace.backendDown(stage, error);
        } else {
            LOG.infof("%s: %s %s after %d ms", info.logTag(), stage, outcome, downMs);
            trace.backendBack(stage, outcome);
        }
        events.failover(stage, outcome, downMs, error);
        services.metrics().outage(stage, outcome);
        if (SttStream.STAGE.equals(stage)) {
            turns.onSttOutage(TurnTimeline.now(), "failed".equals(outcome));
        }
    }

    @Override
    public void apologyDue() {
        if (ended() || endingFor != null || !outages.anyDown()) {
            return;
        }
        if (agent.speaking() || turns.callerSpeakingNow()) {
            // Not over the agent's words nor the caller's: as soon as the line is quiet, if still down.
            context.timer(APOLOGY_RETRY_MS, this::apologyDue);
            return;
        }
        services.metrics().apology();
        services.prompts().apology(info.voice()).ifPresentOrElse(audio -> agent.sayHeld(audio, () -> { }),
                () -> LOG.warnf("%s: no apology held for voice %s: the caller waits in silence", info.logTag(),
                        info.voice()));
    }

    @Override
    public void lost(String stage, Throwable error) {
        LOG.errorf("%s: no %s instance answered within the failover window (%s)", info.logTag(), stage,
                error.toString());
        endWithGoodbye(BACKEND_LOST);
    }

    /** The gateway is shutting down and this call outlasted the drain: say goodbye and end it. Any thread. */
    public void drain() {
        context.execute(() -> endWithGoodbye(DRAIN));
    }

    /** Says the held goodbye, then ends the call for {@code reason}; a goodbye that never plays ends it anyway. */
    private void endWithGoodbye(String reason) {
        if (ended() || endingFor != null) {
            return;
        }
        endingFor = reason;
        byte[] goodbye = services.prompts().goodbye(info.voice()).orElse(null);
        if (goodbye == null) {
            end(reason);
            return;
        }
        agent.sayHeld(goodbye, () -> end(reason));
        context.timer(goodbye.length / 8 + GOODBYE_GRACE_MS, () -> end(reason));
    }

    // ---- end -------------------------------------------------------------------------------------------

    private void end(String reason) {
        if (ended()) {
            return;
        }
        endReason = reason;
        outages.close();
        if (wakeTimer >= 0) {
            context.cancelTimer(wakeTimer);
            wakeTimer = -1;
        }
        agent.close();
        redaction.callEnded(caller, context);
        long now = System.currentTimeMillis();
        trace.end(reason, userTurns, agent.turnsTaken());
        services.metrics().callEnded();
        whenEnded.accept(this);
        LOG.infof("%s: call ended (%s) after %d ms", info.logTag(), reason, now - startedAtMs);
        int agentTurns = agent.turnsTaken();
        if (bridged) {
            // call.ended waits for the bridge to end (bridgeEnded); the line already carries the call.
            return;
        }
        if (transferTo != null) {
            // call.ended waits for the line's answer, so that it says whether the caller reached a person; the
            // duration stays the session's, which is what the agent's part of the call cost.
            transport.transfer(transferTo, transferred -> events.ended(now, now - startedAtMs,
                    transferred ? CallTransport.TRANSFERRED : CallTransport.TRANSFER_FAILED, userTurns, agentTurns));
            return;
        }
        // A call that ends while the person is dialled or briefed was not transferred: it says so, as a cold one would.
        events.ended(now, now - startedAtMs, handingOver ? CallTransport.TRANSFER_FAILED : reason, userTurns,
                agentTurns);
        if (!"caller-hangup".equals(reason)) {
            transport.hangUp(reason);
        }
    }
}
