package dev.parley.dialogue.session;

import dev.parley.contracts.dialogue.v1.CallStart;
import dev.parley.contracts.dialogue.v1.DialogueRequest;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.dialogue.v1.TransferFailed;
import dev.parley.contracts.dialogue.v1.UserTurn;
import dev.parley.contracts.trace.v1.TraceContext;
import dev.parley.dialogue.analysis.CallRecord;
import dev.parley.dialogue.analysis.PostCallAnalysis;
import dev.parley.dialogue.brain.BrainOutput;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.HeardWord;
import dev.parley.dialogue.brain.OpeningLine;
import dev.parley.dialogue.brain.TurnInput;
import dev.parley.dialogue.context.CallState;
import dev.parley.dialogue.redaction.SlotRedaction;
import dev.parley.dialogue.tenant.Tenant;
import dev.parley.dialogue.tenant.TenantDirectory;
import dev.parley.dialogue.tracing.DialogueTracing;
import io.grpc.Status;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiEmitter;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One call's Converse stream: the conversation lives here and is dropped when the stream ends. At most one turn is
 * being answered at a time; a cancel (barge-in) or a newer turn stops it, and from then on nothing more of it is sent.
 * All methods are serialized on this object; brain output arrives on worker threads. Every turn's done carries the
 * call's state, from which a new stream (on any instance) can continue the call ({@link Failover}).
 */
public final class CallSession {

    private static final Logger LOG = Logger.getLogger(CallSession.class);
    private static final Pattern DTMF_KEYS = Pattern.compile("[0-9*#A-Da-d]+");

    private final MultiEmitter<? super DialogueResponse> out;
    private final TenantDirectory tenants;
    // Not final: a gateway's warm-up call (CallStart.warmup) is counted, traced and analysed nowhere.
    private DialogueMetrics metrics;
    private DialogueTracing tracing;
    /** Analyses the call once the gateway ends it; null: never (warm-up calls, tests of the stream alone). */
    private PostCallAnalysis postCall;

    private Tenant tenant;
    private Conversation conversation;
    private Failover failover = Failover.none();
    private Turn current;
    private boolean closed;

    /** A turn being answered. */
    private static final class Turn {
        final long id;
        final long receivedNanos;
        final Span span;
        Cancellable subscription;
        boolean cancelled;
        boolean spoke;

        Turn(long id, long receivedNanos, Span span) {
            this.id = id;
            this.receivedNanos = receivedNanos;
            this.span = span;
        }
    }

    public CallSession(MultiEmitter<? super DialogueResponse> out, TenantDirectory tenants, DialogueMetrics metrics,
                       DialogueTracing tracing) {
        this(out, tenants, metrics, tracing, null);
    }

    public CallSession(MultiEmitter<? super DialogueResponse> out, TenantDirectory tenants, DialogueMetrics metrics,
                       DialogueTracing tracing, PostCallAnalysis postCall) {
        this.out = out;
        this.tracing = tracing;
        this.tenants = tenants;
        this.metrics = metrics;
        this.postCall = postCall;
    }

    public synchronized void onRequest(DialogueRequest request) {
        if (closed) {
            return;
        }
        if (request.getMsgCase() == DialogueRequest.MsgCase.START) {
            onStart(request.getStart());
            return;
        }
        if (conversation == null) {
            fail("?", "?", Status.FAILED_PRECONDITION.withDescription(
                    "the first message of a call must be 'start', got '" + request.getMsgCase() + "'"));
            return;
        }
        switch (request.getMsgCase()) {
            case USER_TURN:
                onUserTurn(request.getUserTurn());
                break;
            case DTMF:
                onDtmf(request.getDtmf().getTurnId(), request.getDtmf().getDigits(), request.getDtmf().getTrace());
                break;
            case CANCEL:
                onCancel(request.getCancel().getTurnId());
                break;
            case HEARD:
                onHeard(request.getHeard().getTurnId(), request.getHeard().getHeardText(),
                        request.getHeard().getInterrupted());
                break;
            case TRANSFER_FAILED:
                onTransferFailed(request.getTransferFailed());
                break;
            default:
                LOG.warnf("tenant=%s call=%s: ignoring a message with no content", tenant.id(), conversation.callId());
        }
    }

    /**
     * The caller side finished sending: the call is over, and is analysed. A stream that fails or that this side
     * ends (a drain) is not: the call may go on from its state on another instance, which analyses it at its end.
     */
    public synchronized void onCallerDone() {
        if (!closed) {
            if (postCall != null && conversation != null) {
                postCall.callEnded(tenant, conversation);
            }
            close();
            out.complete();
        }
    }

    public synchronized void onCallerError(Throwable error) {
        if (!closed) {
            LOG.debugf("%s: stream from the gateway failed: %s", logTag(), error.toString());
            close();
            out.fail(error);
        }
    }

    /** Releases everything the call holds; idempotent. */
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        cancelCurrent("call-ended");
        if (conversation != null) {
            metrics.callEnded();
            LOG.debugf("tenant=%s call=%s ended", tenant.id(), conversation.callId());
        }
        conversation = null;
    }

    private void onStart(CallStart start) {
        if (conversation != null) {
            LOG.warnf("tenant=%s call=%s: ignoring a second 'start'", tenant.id(), conversation.callId());
            return;
        }
        if (start.getTenantId().isBlank()) {
            fail("?", start.getCallId(), Status.INVALID_ARGUMENT.withDescription("start needs a tenant_id"));
            return;
        }
        Tenant found = tenants.find(start.getTenantId()).orElse(null);
        if (found == null) {
            String broken = tenants.failure(start.getTenantId()).orElse(null);
            fail(start.getTenantId(), start.getCallId(), broken == null
                    ? Status.NOT_FOUND.withDescription("unknown tenant '" + start.getTenantId() + "'")
                    : Status.UNAVAILABLE.withDescription("tenant '" + start.getTenantId() + "' failed to load: " + broken));
            return;
        }
        if (!start.getResumeState().isEmpty()) {
            try {
                Failover.Resumed resumed = Failover.resume(start, found.id(), metrics);
                tenant = found;
                conversation = resumed.conversation();
                failover = resumed.failover();
            } catch (Failover.Refused refused) {
                fail(found.id(), start.getCallId(), refused.status());
            }
            return; // the caller was greeted on the first stream
        }
        if (start.getWarmup()) {
            // Nobody called: the tenant's real brain answers, but no figure, trace or analysis shows the call.
            metrics = DialogueMetrics.unrecorded();
            tracing = DialogueTracing.NONE;
            postCall = null;
        }
        String callId = start.getCallId().isBlank() ? UUID.randomUUID().toString() : start.getCallId();
        Map<String, String> parameters = new HashMap<>(start.getParametersMap());
        parameters.put("from", start.getFrom());
        parameters.put("to", start.getTo());
        tenant = found;
        conversation = new Conversation(found.id(), callId, parameters);
        metrics.callStarted(found.id());
        LOG.debugf("tenant=%s call=%s started", found.id(), callId);
        Span span = tracing.turnStarted(conversation, 0, start.getTrace());
        answer(0, span, OpeningLine.voicemail(conversation).orElseGet(() -> found.brain().greet(conversation)));
    }

    private void onUserTurn(UserTurn turn) {
        long turnId = turn.getTurnId();
        String text = turn.getText();
        if (text.isBlank()) {
            LOG.infof("tenant=%s call=%s turn=%d: ignoring a user turn with no text", tenant.id(),
                    conversation.callId(), turnId);
            return;
        }
        CallRecord.of(conversation).callerTurn(turnId);
        Span span = tracing.turnStarted(conversation, turnId, turn.getTrace());
        // 0 is proto3's "not set": a client that has no recognizer confidence (typed text) sends none.
        Float heard = turn.getConfidence() > 0 ? turn.getConfidence() : null;
        List<HeardWord> words = turn.getWordsList().stream()
                .map(w -> new HeardWord(w.getText(), w.getConfidence())).toList();
        answer(turnId, span, tenant.brain().respond(conversation,
                TurnInput.speech(turnId, text.strip(), heard, words)));
    }

    private void onDtmf(long turnId, String digits, TraceContext trace) {
        if (!DTMF_KEYS.matcher(digits).matches()) {
            // Keyed digits are often an account or card number: masked by the tenant's policy like spoken ones.
            LOG.infof("tenant=%s call=%s turn=%d: ignoring DTMF '%s' (keys are 0-9 * # A-D)", tenant.id(),
                    conversation.callId(), turnId, tenant.redactor().mask(digits));
            return;
        }
        CallRecord.of(conversation).callerTurn(turnId);
        Span span = tracing.turnStarted(conversation, turnId, trace);
        answer(turnId, span, tenant.brain().respond(conversation, TurnInput.dtmf(turnId, digits)));
    }

    private void onCancel(long turnId) {
        if (current != null && current.id == turnId) {
            LOG.debugf("tenant=%s call=%s turn=%d cancelled", tenant.id(), conversation.callId(), turnId);
            metrics.turnCancelled(tenant.id());
            cancelCurrent("cancelled");
        }
    }

    private void onHeard(long turnId, String heardText, boolean interrupted) {
        if (!conversation.markHeard(turnId, heardText, interrupted)) {
            LOG.debugf("tenant=%s call=%s: 'heard' for unknown agent turn %d", tenant.id(), conversation.callId(),
                    turnId);
        }
    }

    /** The brain's next answers know the person was not reached, and the call's record is no transfer. */
    private void onTransferFailed(TransferFailed failed) {
        LOG.infof("tenant=%s call=%s turn=%d: the transfer to %s reached nobody (%s)", tenant.id(),
                conversation.callId(), failed.getTurnId(), failed.getTarget(), failed.getOutcome());
        CallState.of(conversation).transferNotReached(failed.getTarget(), failed.getOutcome(),
                failed.getToldCaller(), failed.getTurnId());
        CallRecord.of(conversation).transferNotReached(failed.getTarget());
    }

    private void answer(long turnId, Span span, Multi<BrainOutput> outputs) {
        // A newer turn supersedes one still being answered.
        cancelCurrent("superseded");
        failover.answering(conversation, turnId);
        Turn turn = new Turn(turnId, System.nanoTime(), span);
        current = turn;
        // Callers hold this session's lock, so a cancel cannot slip in before the subscription is recorded.
        turn.subscription = outputs.subscribe().with(
                output -> emit(turn, output),
                error -> turnFailed(turn, error));
    }

    private synchronized void emit(Turn turn, BrainOutput output) {
        if (turn.cancelled || closed) {
            return;
        }
        if (output instanceof BrainOutput.Text && !turn.spoke) {
            turn.spoke = true;
            metrics.firstText(tenant.id(), System.nanoTime() - turn.receivedNanos);
            DialogueTracing.firstText(turn.span);
        }
        if (output instanceof BrainOutput.Done) {
            metrics.turnAnswered(tenant.id(), ((BrainOutput.Done) output).brain());
            DialogueTracing.answered(turn.span, ((BrainOutput.Done) output).brain());
            if (current == turn) {
                current = null;
            }
        }
        // Before the done goes out: the state it carries to another instance includes this turn's actions.
        CallRecord.of(conversation).sent(output);
        out.emit(Responses.of(turn.id, output, () -> Failover.state(conversation),
                () -> SlotRedaction.values(tenant.redactor(), CallRecord.of(conversation).facts().recognized())));
    }

    private synchronized void turnFailed(Turn turn, Throwable error) {
        if (turn.cancelled || closed) {
            return;
        }
        // The fallback brain should have answered; still, the gateway must not wait for this turn forever.
        LOG.errorf(error, "%s turn=%d: no brain could answer", logTag(), turn.id);
        emit(turn, new BrainOutput.Done("none"));
    }

    private void cancelCurrent(String why) {
        if (current == null) {
            return;
        }
        current.cancelled = true;
        DialogueTracing.stopped(current.span, why);
        if (current.subscription != null) {
            current.subscription.cancel();
        }
        current = null;
    }

    private void fail(String tenantId, String callId, Status status) {
        LOG.infof("tenant=%s call=%s rejected: %s %s", tenantId, callId, status.getCode(), status.getDescription());
        close();
        out.fail(status.asRuntimeException());
    }

    private String logTag() {
        return conversation == null ? "tenant=? call=?" : "tenant=" + tenant.id() + " call=" + conversation.callId();
    }
}
