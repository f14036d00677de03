package dev.parley.dialogue.grpc;

import dev.parley.contracts.dialogue.v1.CallStart;
import dev.parley.contracts.dialogue.v1.DialogueRequest;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.dialogue.v1.MutinyDialogueGrpc;
import dev.parley.contracts.dialogue.v1.UserTurn;
import io.grpc.Status;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** One Converse stream seen from the gateway's side: send requests, read timestamped responses. */
final class GrpcCall {

    record Received(DialogueResponse response, long nanos) {
    }

    private final UnicastProcessor<DialogueRequest> requests = UnicastProcessor.create();
    private final LinkedBlockingQueue<Received> responses = new LinkedBlockingQueue<>();
    final CompletableFuture<Void> ended = new CompletableFuture<>();

    GrpcCall(MutinyDialogueGrpc.MutinyDialogueStub stub) {
        stub.converse(requests).subscribe().with(
                r -> responses.add(new Received(r, System.nanoTime())),
                ended::completeExceptionally,
                () -> ended.complete(null));
    }

    GrpcCall start(String tenant, String callId) {
        send(DialogueRequest.newBuilder()
                .setStart(CallStart.newBuilder().setTenantId(tenant).setCallId(callId).setFrom("+15550001111")).build());
        return this;
    }

    /** A call that goes on from the state of a done of its earlier stream (which failed). */
    GrpcCall resume(String tenant, String callId, com.google.protobuf.ByteString state) {
        send(DialogueRequest.newBuilder().setStart(CallStart.newBuilder().setTenantId(tenant).setCallId(callId)
                .setFrom("+15550001111").setResumeState(state)).build());
        return this;
    }

    long say(long turnId, String text) {
        long sent = System.nanoTime();
        send(DialogueRequest.newBuilder().setUserTurn(UserTurn.newBuilder().setTurnId(turnId).setText(text)).build());
        return sent;
    }

    void send(DialogueRequest request) {
        requests.onNext(request);
    }

    void hangUp() {
        requests.onComplete();
    }

    /** Everything of one turn up to and including its done. */
    List<Received> turn(long turnId) throws InterruptedException {
        List<Received> out = new ArrayList<>();
        while (true) {
            Received r = responses.poll(20, TimeUnit.SECONDS);
            if (r == null) {
                throw new AssertionError("no done for turn " + turnId + " after " + out);
            }
            if (r.response().getTurnId() != turnId) {
                throw new AssertionError("expected turn " + turnId + " but got " + r.response());
            }
            out.add(r);
            if (r.response().hasDone()) {
                return out;
            }
        }
    }

    Status failure() throws InterruptedException {
        try {
            ended.get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return Status.fromThrowable(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("stream did not fail");
        }
        throw new AssertionError("stream completed instead of failing");
    }

    static String text(List<Received> turn) {
        StringBuilder sb = new StringBuilder();
        turn.stream().map(Received::response).filter(DialogueResponse::hasTextDelta)
                .forEach(r -> sb.append(r.getTextDelta()));
        return sb.toString();
    }
}
