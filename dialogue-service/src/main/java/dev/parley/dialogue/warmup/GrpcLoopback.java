package dev.parley.dialogue.warmup;

import dev.parley.contracts.dialogue.v1.CallStart;
import dev.parley.contracts.dialogue.v1.DialogueGrpc;
import dev.parley.contracts.dialogue.v1.DialogueRequest;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends Converse streams to this very service over its own port, so the server side of gRPC (HTTP/2, the Mutiny
 * bridge, the service bean) has run before the first gateway connects. Each stream's start names no tenant and is
 * refused before a call exists: nothing is counted, traced or published; only an INFO "rejected" line is logged.
 */
final class GrpcLoopback {
    private GrpcLoopback() {
    }

    /** Runs {@code streams} refused streams; returns the status the service answered with (INVALID_ARGUMENT). */
    static Status.Code run(int port, int streams, long deadlineNanos) throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            Status.Code answered = null;
            for (int i = 0; i < streams; i++) {
                CompletableFuture<Status.Code> end = new CompletableFuture<>();
                StreamObserver<DialogueRequest> requests = DialogueGrpc.newStub(channel)
                        .withDeadlineAfter(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)
                        .converse(new StreamObserver<>() {
                            @Override
                            public void onNext(DialogueResponse value) {
                            }

                            @Override
                            public void onError(Throwable t) {
                                end.complete(Status.fromThrowable(t).getCode());
                            }

                            @Override
                            public void onCompleted() {
                                end.complete(Status.Code.OK);
                            }
                        });
                requests.onNext(DialogueRequest.newBuilder().setStart(CallStart.newBuilder()
                        .setCallId("warmup-loopback-" + i)).build());
                answered = end.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                requests.onCompleted();
            }
            return answered;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
