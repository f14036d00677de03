package dev.parley.gateway.dialogue;

import dev.parley.contracts.dialogue.v1.Action;
import dev.parley.contracts.dialogue.v1.CallStart;
import dev.parley.contracts.dialogue.v1.CancelTurn;
import dev.parley.contracts.dialogue.v1.DialogueGrpc;
import dev.parley.contracts.dialogue.v1.DialogueRequest;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.dialogue.v1.TurnDone;
import dev.parley.contracts.dialogue.v1.Dtmf;
import dev.parley.contracts.dialogue.v1.TurnHeard;
import dev.parley.contracts.dialogue.v1.UserTurn;
import dev.parley.contracts.dialogue.v1.WordConfidence;
import dev.parley.contracts.stt.v1.Word;
import dev.parley.contracts.trace.v1.TraceContext;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.util.List;
import java.util.concurrent.Executor;

/** One call's conversation stream to dialogue-service; its responses arrive on the call's context. */
public final class DialogueStream {

    public interface Listener {
        void onAgentText(long turnId, String delta);

        void onAgentAction(long turnId, Action action);

        /** The brain's last word on a turn: which brain answered, and what it expects the caller to say. */
        void onAgentDone(long turnId, TurnDone done);

        void onDialogueError(Throwable error);
    }

    private final ClientCallStreamObserver<DialogueRequest> requests;
    private boolean closed;

    public DialogueStream(DialogueGrpc.DialogueStub stub, CallStart start, Executor context, Listener listener) {
        StreamObserver<DialogueResponse> responses = new StreamObserver<>() {
            @Override
            public void onNext(DialogueResponse r) {
                context.execute(() -> {
                    if (r.hasTextDelta()) {
                        listener.onAgentText(r.getTurnId(), r.getTextDelta());
                    } else if (r.hasAction()) {
                        listener.onAgentAction(r.getTurnId(), r.getAction());
                    } else if (r.hasDone()) {
                        listener.onAgentDone(r.getTurnId(), r.getDone());
                    }
                });
            }

            @Override
            public void onError(Throwable t) {
                context.execute(() -> {
                    closed = true;
                    listener.onDialogueError(t);
                });
            }

            @Override
            public void onCompleted() {
                context.execute(() -> closed = true);
            }
        };
        requests = (ClientCallStreamObserver<DialogueRequest>) stub.converse(responses);
        requests.onNext(DialogueRequest.newBuilder().setStart(start).build());
    }

    /** @param words the recognizer's words of the turn with their confidences, for per-value read-back decisions */
    public void userTurn(long turnId, String text, float confidence, List<Word> words, TraceContext trace) {
        UserTurn.Builder turn = UserTurn.newBuilder().setTurnId(turnId).setText(text).setConfidence(confidence)
                .setTrace(trace);
        for (Word w : words) {
            turn.addWords(WordConfidence.newBuilder().setText(w.getWord()).setConfidence(w.getConfidence()));
        }
        send(DialogueRequest.newBuilder().setUserTurn(turn).build());
    }

    public void dtmf(long turnId, String digits, TraceContext trace) {
        send(DialogueRequest.newBuilder().setDtmf(Dtmf.newBuilder().setTurnId(turnId).setDigits(digits)
                .setTrace(trace)).build());
    }

    public void cancel(long turnId) {
        send(DialogueRequest.newBuilder().setCancel(CancelTurn.newBuilder().setTurnId(turnId)).build());
    }

    public void heard(long turnId, String heardText, boolean interrupted) {
        send(DialogueRequest.newBuilder().setHeard(TurnHeard.newBuilder()
                .setTurnId(turnId).setHeardText(heardText).setInterrupted(interrupted)).build());
    }

    public void close() {
        if (!closed) {
            closed = true;
            requests.onCompleted();
        }
    }

    private void send(DialogueRequest request) {
        if (!closed) {
            requests.onNext(request);
        }
    }
}
