package dev.parley.gateway.dialogue;

import dev.parley.contracts.dialogue.v1.Action;
import dev.parley.contracts.dialogue.v1.TurnDone;
import dev.parley.contracts.dialogue.v1.CallStart;
import dev.parley.contracts.dialogue.v1.DialogueGrpc;
import dev.parley.contracts.dialogue.v1.DialogueRequest;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.dialogue.v1.UserTurn;
import dev.parley.contracts.dialogue.v1.WordConfidence;
import dev.parley.contracts.stt.v1.Word;
import dev.parley.contracts.trace.v1.TraceContext;
import dev.parley.gateway.failover.TestOutages;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** What the gateway puts on the wire for a user turn, as a real gRPC server receives it. */
class DialogueStreamTest {

    final BlockingQueue<DialogueRequest> received = new LinkedBlockingQueue<>();
    final Server server;
    final ManagedChannel channel;

    DialogueStreamTest() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new DialogueGrpc.DialogueImplBase() {
                    @Override
                    public StreamObserver<DialogueRequest> converse(StreamObserver<DialogueResponse> responses) {
                        return new StreamObserver<>() {
                            @Override
                            public void onNext(DialogueRequest request) {
                                received.add(request);
                            }

                            @Override
                            public void onError(Throwable t) {
                            }

                            @Override
                            public void onCompleted() {
                                responses.onCompleted();
                            }
                        };
                    }
                }).build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    DialogueRequest next() throws InterruptedException {
        DialogueRequest r = received.poll(5, TimeUnit.SECONDS);
        assertNotNull(r, "the server received nothing");
        return r;
    }

    @Test
    void aUserTurnCarriesItsWordsWithTheirConfidences() throws Exception {
        DialogueStream stream = new DialogueStream(DialogueGrpc.newStub(channel),
                CallStart.newBuilder().setTenantId("acme").setCallId("c-1").build(), Runnable::run, new Quiet(),
                TestOutages.unused());
        assertEquals("c-1", next().getStart().getCallId());

        stream.userTurn(1, "order one two", 0.83f, List.of(
                Word.newBuilder().setWord("order").setConfidence(0.99f).setStartMs(0).setEndMs(300).build(),
                Word.newBuilder().setWord("one").setConfidence(0.95f).setStartMs(300).setEndMs(500).build(),
                Word.newBuilder().setWord("two").setConfidence(0.55f).setStartMs(500).setEndMs(700).build()),
                TraceContext.getDefaultInstance());
        UserTurn turn = next().getUserTurn();
        assertEquals("order one two", turn.getText());
        assertEquals(0.83f, turn.getConfidence());
        assertEquals(List.of(
                WordConfidence.newBuilder().setText("order").setConfidence(0.99f).build(),
                WordConfidence.newBuilder().setText("one").setConfidence(0.95f).build(),
                WordConfidence.newBuilder().setText("two").setConfidence(0.55f).build()), turn.getWordsList());

        stream.userTurn(2, "yes", 0f, List.of(), TraceContext.getDefaultInstance());
        assertEquals(0, next().getUserTurn().getWordsCount(), "no words: the mean decides");
    }

    static final class Quiet implements DialogueStream.Listener {
        @Override
        public void onAgentText(long turnId, String delta) {
        }

        @Override
        public void onAgentAction(long turnId, Action action) {
        }

        @Override
        public void onAgentDone(long turnId, TurnDone done) {
        }

        @Override
        public void onDialogueError(Throwable error) {
        }
    }
}
