package dev.parley.gateway.dialogue;

import com.google.protobuf.ByteString;
import dev.parley.contracts.dialogue.v1.Action;
import dev.parley.contracts.dialogue.v1.CallStart;
import dev.parley.contracts.dialogue.v1.DialogueGrpc;
import dev.parley.contracts.dialogue.v1.DialogueRequest;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.dialogue.v1.TurnDone;
import dev.parley.contracts.trace.v1.TraceContext;
import dev.parley.gateway.failover.TestOutages;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A dialogue instance dies in the middle of an answer: the gateway's stream resumes on a new one from the state of
 * the last finished turn, re-sends the turn, and the caller's text neither repeats nor misses a word.
 */
class DialogueFailoverTest {
    /** Streams the stand-in instance has served, each with what it received. */
    final List<List<DialogueRequest>> streams = new CopyOnWriteArrayList<>();
    final AtomicInteger opened = new AtomicInteger();
    final Server server;
    final ManagedChannel channel;
    final ExecutorService callContext = Executors.newSingleThreadExecutor();

    DialogueFailoverTest() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new DialogueGrpc.DialogueImplBase() {
                    @Override
                    public StreamObserver<DialogueRequest> converse(StreamObserver<DialogueResponse> out) {
                        int stream = opened.incrementAndGet();
                        List<DialogueRequest> got = new CopyOnWriteArrayList<>();
                        streams.add(got);
                        return new StreamObserver<>() {
                            @Override
                            public void onNext(DialogueRequest r) {
                                got.add(r);
                                if (r.hasStart() && r.getStart().getResumeState().isEmpty()) {
                                    out.onNext(text(0, "Hello, this is Acme."));
                                    out.onNext(done(0, "after-greeting"));
                                } else if (r.hasUserTurn() && stream == 1) {
                                    // The first instance gets half a sentence out, then dies.
                                    out.onNext(text(1, "Your order "));
                                    out.onError(Status.UNAVAILABLE.withDescription("instance killed")
                                            .asRuntimeException());
                                } else if (r.hasUserTurn()) {
                                    out.onNext(text(1, "Your order "));
                                    out.onNext(text(1, "ships today."));
                                    out.onNext(done(1, "after-turn-1"));
                                }
                            }

                            @Override
                            public void onError(Throwable t) {
                            }

                            @Override
                            public void onCompleted() {
                                out.onCompleted();
                            }
                        };
                    }
                }).build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    static DialogueResponse text(long turn, String text) {
        return DialogueResponse.newBuilder().setTurnId(turn).setTextDelta(text).build();
    }

    static DialogueResponse done(long turn, String state) {
        return DialogueResponse.newBuilder().setTurnId(turn)
                .setDone(TurnDone.newBuilder().setBrain("flow").setState(ByteString.copyFromUtf8(state))).build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        callContext.shutdownNow();
    }

    @Test
    void aTurnCutByADeadInstanceIsAnsweredByTheNextFromTheLastState() throws Exception {
        Map<Long, StringBuilder> said = new ConcurrentHashMap<>();
        CountDownLatch turnOneDone = new CountDownLatch(1);
        CountDownLatch greeted = new CountDownLatch(1);
        TestOutages outages = new TestOutages();
        DialogueStream.Listener listener = new DialogueStream.Listener() {
            @Override
            public void onAgentText(long turnId, String delta) {
                said.computeIfAbsent(turnId, t -> new StringBuilder()).append(delta);
            }

            @Override
            public void onAgentAction(long turnId, Action action) {
            }

            @Override
            public void onAgentDone(long turnId, TurnDone done) {
                assertTrue(done.getState().isEmpty(), "the state stays in the stream, the session never sees it");
                (turnId == 0 ? greeted : turnOneDone).countDown();
            }

            @Override
            public void onDialogueError(Throwable error) {
                outages.log.add("unmendable " + error);
            }
        };
        DialogueStream[] stream = new DialogueStream[1];
        callContext.execute(() -> stream[0] = new DialogueStream(DialogueGrpc.newStub(channel),
                CallStart.newBuilder().setTenantId("acme").setCallId("c-9").build(), callContext, listener,
                TestOutages.on(callContext, 5_000, outages)));
        assertTrue(greeted.await(5, TimeUnit.SECONDS));
        callContext.execute(() -> {
            stream[0].heard(0, "Hello, this is Acme.", false);
            stream[0].userTurn(1, "where is my order", 0.9f, List.of(), TraceContext.getDefaultInstance());
        });

        assertTrue(turnOneDone.await(5, TimeUnit.SECONDS), "the turn was answered after the failure");
        assertEquals("Your order ships today.", said.get(1L).toString(), "no word twice, none missing");
        assertEquals(2, opened.get());
        List<DialogueRequest> second = streams.get(1);
        assertEquals(ByteString.copyFromUtf8("after-greeting"), second.get(0).getStart().getResumeState(),
                "the new instance starts from the state of the last finished turn");
        assertEquals("c-9", second.get(0).getStart().getCallId());
        assertTrue(second.get(1).hasHeard() && second.get(2).hasUserTurn(),
                "what was sent after that state is sent again, in order: " + second);
        assertEquals(List.of("dialogue failed", "dialogue recovered"), outages.awaitLog(2));
    }
}
