package dev.parley.gateway.dialogue;

import com.google.protobuf.ByteString;
import dev.parley.contracts.dialogue.v1.Action;
import dev.parley.contracts.dialogue.v1.CallStart;
import dev.parley.contracts.dialogue.v1.CancelTurn;
import dev.parley.contracts.dialogue.v1.DialogueGrpc;
import dev.parley.contracts.dialogue.v1.DialogueRequest;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.dialogue.v1.Dtmf;
import dev.parley.contracts.dialogue.v1.TurnDone;
import dev.parley.contracts.dialogue.v1.TransferFailed;
import dev.parley.contracts.dialogue.v1.TurnHeard;
import dev.parley.contracts.dialogue.v1.UserTurn;
import dev.parley.contracts.dialogue.v1.WordConfidence;
import dev.parley.contracts.stt.v1.Word;
import dev.parley.contracts.trace.v1.TraceContext;
import dev.parley.gateway.failover.AnswerDeadline;
import dev.parley.gateway.failover.Outages;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One call's conversation stream to dialogue-service; its responses arrive on the call's context. The gateway keeps
 * the conversation's state from the newest {@code TurnDone} and what it sent since: if the stream fails, a new one
 * (on another instance, by round robin) resumes from that state and gets those requests again, so the turn being
 * answered is answered there. Text the failed stream had already given for that turn is not given twice.
 */
public final class DialogueStream {
    public static final String STAGE = "dialogue";
    /** A turn with no word from the brain this long (nor between two of its words) means the instance hangs. */
    static final long ANSWER_DEADLINE_MS = 8_000;

    public interface Listener {
        void onAgentText(long turnId, String delta);

        void onAgentAction(long turnId, Action action);

        /** The brain's last word on a turn: which brain answered, and what it expects the caller to say. */
        void onAgentDone(long turnId, TurnDone done);

        /** The stream failed in a way no new stream mends (e.g. the tenant is unknown there). */
        void onDialogueError(Throwable error);
    }

    private final DialogueGrpc.DialogueStub stub;
    private final CallStart start;
    private final Executor context;
    private final Listener listener;
    private final Outages outages;
    private final AnswerDeadline answerDue;
    private ByteString state = ByteString.EMPTY;
    private final List<DialogueRequest> sinceState = new ArrayList<>();
    /** Per turn being answered: how much text it has given; a resumed stream's repeat of it is skipped. */
    private long textTurn = -1;
    private int textGiven;
    private int textSkip;
    private ClientCallStreamObserver<DialogueRequest> requests;
    private boolean closed;

    public DialogueStream(DialogueGrpc.DialogueStub stub, CallStart start, Executor context, Listener listener,
                          Outages outages) {
        this.stub = stub;
        this.start = start;
        this.context = context;
        this.listener = listener;
        this.outages = outages;
        this.answerDue = outages.deadline(ANSWER_DEADLINE_MS, this::stalled);
        answerDue.expect(); // the greeting
        open();
    }

    /** @param words the recognizer's words of the turn with their confidences, for per-value read-back decisions */
    public void userTurn(long turnId, String text, float confidence, List<Word> words, TraceContext trace) {
        UserTurn.Builder turn = UserTurn.newBuilder().setTurnId(turnId).setText(text).setConfidence(confidence)
                .setTrace(trace);
        for (Word w : words) {
            turn.addWords(WordConfidence.newBuilder().setText(w.getWord()).setConfidence(w.getConfidence()));
        }
        send(DialogueRequest.newBuilder().setUserTurn(turn).build());
        answerDue.expect();
    }

    public void dtmf(long turnId, String digits, TraceContext trace) {
        send(DialogueRequest.newBuilder().setDtmf(Dtmf.newBuilder().setTurnId(turnId).setDigits(digits)
                .setTrace(trace)).build());
        answerDue.expect();
    }

    public void cancel(long turnId) {
        answerDue.answered(); // a cancelled turn gets no more output, not even its done
        send(DialogueRequest.newBuilder().setCancel(CancelTurn.newBuilder().setTurnId(turnId)).build());
    }

    /** The warm transfer turn {@code turnId} asked for reached nobody; the caller heard {@code toldCaller}. */
    public void transferFailed(long turnId, String target, String outcome, String toldCaller) {
        send(DialogueRequest.newBuilder().setTransferFailed(TransferFailed.newBuilder().setTurnId(turnId)
                .setTarget(target).setOutcome(outcome).setToldCaller(toldCaller)).build());
    }

    public void heard(long turnId, String heardText, boolean interrupted) {
        send(DialogueRequest.newBuilder().setHeard(TurnHeard.newBuilder()
                .setTurnId(turnId).setHeardText(heardText).setInterrupted(interrupted)).build());
    }

    public void close() {
        if (!closed) {
            closed = true;
            if (requests != null) {
                requests.onCompleted();
            }
        }
    }

    private void send(DialogueRequest request) {
        if (closed) {
            return;
        }
        sinceState.add(request);
        if (requests != null) {
            requests.onNext(request);
        }
    }

    private void open() {
        ClientResponseObserver<DialogueRequest, DialogueResponse> responses = new ClientResponseObserver<>() {
            private ClientCallStreamObserver<DialogueRequest> mine;

            @Override
            public void beforeStart(ClientCallStreamObserver<DialogueRequest> stream) {
                mine = stream;
                stream.setOnReadyHandler(() -> context.execute(() -> {
                    if (requests == mine) {
                        outages.opened(STAGE, () -> requests == mine);
                    }
                }));
            }

            @Override
            public void onNext(DialogueResponse r) {
                context.execute(() -> {
                    if (!closed && requests == mine) {
                        deliver(r);
                    }
                });
            }

            @Override
            public void onError(Throwable t) {
                context.execute(() -> {
                    if (!closed && requests == mine) {
                        requests = null;
                        answerDue.answered();
                        outages.failed(STAGE, t, DialogueStream.this::reopen, listener::onDialogueError);
                    }
                });
            }

            @Override
            public void onCompleted() {
            }
        };
        requests = (ClientCallStreamObserver<DialogueRequest>) stub.converse(responses);
        requests.onNext(DialogueRequest.newBuilder().setStart(start.toBuilder().setResumeState(state)).build());
    }

    private void reopen() {
        if (closed) {
            return;
        }
        open();
        textSkip = textGiven;
        sinceState.forEach(requests::onNext);
        if (sinceState.stream().anyMatch(r -> r.hasUserTurn() || r.hasDtmf()) || state.isEmpty()) {
            answerDue.expect();
        }
    }

    /** The instance holds the stream but says nothing: drop it, so the turn goes to another like after a death. */
    private void stalled() {
        if (requests != null) {
            requests.cancel("dialogue-service gave no answer within " + ANSWER_DEADLINE_MS + " ms", null);
        }
    }

    private void deliver(DialogueResponse r) {
        long turnId = r.getTurnId();
        if (r.hasDone()) {
            answerDue.answered();
        } else {
            answerDue.answeredMoreDue();
        }
        if (r.hasTextDelta()) {
            if (turnId != textTurn) {
                textTurn = turnId;
                textGiven = 0;
                textSkip = 0;
            }
            String delta = r.getTextDelta();
            if (textSkip >= delta.length()) {
                // The resumed instance says again what the failed one had said: the caller has it already.
                textSkip -= delta.length();
                return;
            }
            String rest = delta.substring(textSkip);
            textSkip = 0;
            textGiven += rest.length();
            listener.onAgentText(turnId, rest);
        } else if (r.hasAction()) {
            listener.onAgentAction(turnId, r.getAction());
        } else if (r.hasDone()) {
            TurnDone done = r.getDone();
            if (!done.getState().isEmpty()) {
                state = done.getState();
                sinceState.clear();
            }
            textSkip = 0;
            listener.onAgentDone(turnId, done.toBuilder().clearState().build());
        }
    }
}
