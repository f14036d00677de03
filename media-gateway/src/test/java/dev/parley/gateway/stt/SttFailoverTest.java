package dev.parley.gateway.stt;

import dev.parley.contracts.stt.v1.RecognizeRequest;
import dev.parley.contracts.stt.v1.RecognizeResponse;
import dev.parley.contracts.stt.v1.SpeechToTextGrpc;
import dev.parley.contracts.stt.v1.Transcript;
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
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A recognizer instance dies while the caller's turn is being flushed: the next one hears the whole turn again. */
class SttFailoverTest {
    final List<List<RecognizeRequest>> streams = new CopyOnWriteArrayList<>();
    final Server server;
    final ManagedChannel channel;
    final ExecutorService callContext = Executors.newSingleThreadExecutor();
    /** The first instance freezes (answers nothing, closes nothing) instead of dying at the flush. */
    volatile boolean firstFreezes;

    SttFailoverTest() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new SpeechToTextGrpc.SpeechToTextImplBase() {
                    @Override
                    public StreamObserver<RecognizeRequest> recognize(StreamObserver<RecognizeResponse> out) {
                        List<RecognizeRequest> got = new CopyOnWriteArrayList<>();
                        streams.add(got);
                        boolean first = streams.size() == 1;
                        return new StreamObserver<>() {
                            @Override
                            public void onNext(RecognizeRequest r) {
                                got.add(r);
                                if (!r.hasFlush()) {
                                    return;
                                }
                                if (first && firstFreezes) {
                                    return;
                                }
                                if (first) {
                                    out.onError(Status.UNAVAILABLE.withDescription("killed").asRuntimeException());
                                    return;
                                }
                                long audioBytes = got.stream().filter(RecognizeRequest::hasAudio)
                                        .mapToLong(a -> a.getAudio().size()).sum();
                                out.onNext(RecognizeResponse.newBuilder().setFinal(Transcript.newBuilder()
                                        .setText("heard " + audioBytes + " bytes")
                                        .setFlushSeq(r.getFlush().getSeq())).build());
                            }

                            @Override
                            public void onError(Throwable t) {
                            }

                            @Override
                            public void onCompleted() {
                                // As stt-service does: what was not finalized yet is answered as the stream ends.
                                out.onNext(RecognizeResponse.newBuilder().setFinal(Transcript.newBuilder()
                                        .setText("closing")).build());
                                out.onCompleted();
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
        callContext.shutdownNow();
    }

    @Test
    void theTurnsAudioAndItsFlushAreSentAgainToTheNextInstance() throws Exception {
        List<Transcript> finals = new CopyOnWriteArrayList<>();
        List<Long> callerSamples = new CopyOnWriteArrayList<>();
        CountDownLatch gotFinal = new CountDownLatch(1);
        TestOutages outages = new TestOutages();
        SttStream[] stream = new SttStream[1];
        SttStream.Listener listener = new SttStream.Listener() {
            @Override
            public void onPartial(Transcript transcript) {
            }

            @Override
            public void onFinal(Transcript transcript) {
                finals.add(transcript);
                for (long ms : new long[]{0, 639, 640, 1_000}) {
                    callerSamples.add(stream[0].callerSampleAt(ms));
                }
                gotFinal.countDown();
            }

            @Override
            public void onSttError(Throwable error) {
                outages.log.add("unmendable " + error);
            }
        };
        callContext.execute(() -> {
            stream[0] = new SttStream(SpeechToTextGrpc.newStub(channel), "acme", "c-3", 16_000, callContext, listener,
                    TestOutages.on(callContext, 5_000, outages), TraceContext::getDefaultInstance, true);
            stream[0].expect(Set.of(4));
            stream[0].expect(Set.of(4));
            for (int i = 0; i < 50; i++) {
                // 1.6 s of a turn, 1 KB a frame; the speech gate was closed for 1.92 s after the first 0.64 s.
                stream[0].audio(new short[512], (i < 20 ? i : i + 60) * 512L);
            }
            stream[0].flush(7);
        });

        assertTrue(gotFinal.await(5, TimeUnit.SECONDS), "the turn was recognized after the failure");
        assertEquals(1, finals.size());
        assertEquals(7, finals.get(0).getFlushSeq());
        assertEquals("heard 51200 bytes", finals.get(0).getText(), "every frame of the turn reached the new instance");
        assertEquals(List.of(0L, 639 * 16L, 80 * 512L, 80 * 512L + 360 * 16), callerSamples,
                "the new stream's times are where its replayed audio was in the call, across the gate's gap");
        assertEquals(2, streams.size());
        assertTrue(streams.get(1).get(0).hasConfig(), "the new stream starts with its config");
        assertEquals(List.of(4), streams.get(1).get(1).getExpectation().getDigitCountsList(),
                "then hears what the brain expects, before the replayed audio");
        assertEquals(1, streams.get(0).stream().filter(RecognizeRequest::hasExpectation).count(),
                "an expectation is sent when it changes, not again");
        assertEquals(List.of("stt failed", "stt recovered"), outages.awaitLog(2));
    }

    @Test
    void theClosingFinalOfAHungUpCallGoesToItsTailThenTheStreamEnds() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch ended = new CountDownLatch(1);
        SttStream.Listener listener = new SttStream.Listener() {
            @Override
            public void onPartial(Transcript transcript) {
            }

            @Override
            public void onFinal(Transcript transcript) {
                log.add("turn " + transcript.getText());
            }

            @Override
            public void onSttError(Throwable error) {
                log.add("error " + error);
            }
        };
        callContext.execute(() -> {
            SttStream stream = new SttStream(SpeechToTextGrpc.newStub(channel), "acme", "c-5", 16_000, callContext,
                    listener, TestOutages.on(callContext, 5_000, new TestOutages()), TraceContext::getDefaultInstance,
                    true);
            stream.audio(new short[512], 0);
            stream.close(t -> log.add("tail " + t.getText()), () -> {
                log.add("ended");
                ended.countDown();
            });
        });
        assertTrue(ended.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("tail closing", "ended"), log, "to the tail only: the call's turns are over");
    }

    @Test
    void anInstanceThatFrozeMidTurnIsLeftBeforeTheTurnWouldGoWithItsPartial() throws Exception {
        firstFreezes = true;
        CompletableFuture<Transcript> fin = new CompletableFuture<>();
        TestOutages outages = new TestOutages();
        SttStream.Listener listener = new SttStream.Listener() {
            @Override
            public void onPartial(Transcript transcript) {
            }

            @Override
            public void onFinal(Transcript transcript) {
                fin.complete(transcript);
            }

            @Override
            public void onSttError(Throwable error) {
                outages.log.add("unmendable " + error);
            }
        };
        SttStream[] stream = new SttStream[1];
        callContext.execute(() -> {
            stream[0] = new SttStream(SpeechToTextGrpc.newStub(channel), "acme", "c-4", 16_000, callContext, listener,
                    TestOutages.on(callContext, 10_000, outages), TraceContext::getDefaultInstance, false);
            for (int i = 0; i < 50; i++) {
                stream[0].audio(new short[512], i * 512L);
            }
        });
        Thread.sleep(SttStream.SILENT_MS); // the caller spoke on; the instance said nothing
        long flushed = System.nanoTime();
        callContext.execute(() -> stream[0].flush(9));

        Transcript got = fin.get(5, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - flushed) / 1_000_000;
        assertEquals(9, got.getFlushSeq());
        assertEquals("heard 51200 bytes", got.getText(), "the new instance heard the whole turn");
        assertTrue(ms < 1_500, "left " + ms + " ms after the flush: before the turn's 1.5 s wait for the final ends,"
                + " not at the 8 s deadline");
        assertEquals(List.of("stt failed", "stt recovered"), outages.awaitLog(2));
    }
}
