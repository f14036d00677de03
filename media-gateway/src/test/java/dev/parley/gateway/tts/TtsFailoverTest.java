package dev.parley.gateway.tts;

import com.google.protobuf.ByteString;
import dev.parley.contracts.tts.v1.AudioChunk;
import dev.parley.contracts.tts.v1.SynthesisConfig;
import dev.parley.contracts.tts.v1.SynthesizeRequest;
import dev.parley.contracts.tts.v1.SynthesizeResponse;
import dev.parley.contracts.tts.v1.TextToSpeechGrpc;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A synthesis instance dies after the first phrase: the next one voices only the rest, at the right offsets. */
class TtsFailoverTest {
    static final String FIRST = "Your order ships today.";
    static final String REST = " It should arrive on Friday.";
    final List<String> textPerStream = new CopyOnWriteArrayList<>();
    final Server server;
    final ManagedChannel channel;
    final ExecutorService callContext = Executors.newSingleThreadExecutor();

    TtsFailoverTest() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new TextToSpeechGrpc.TextToSpeechImplBase() {
                    @Override
                    public StreamObserver<SynthesizeRequest> synthesize(StreamObserver<SynthesizeResponse> out) {
                        boolean first = textPerStream.size() == 0;
                        StringBuilder text = new StringBuilder();
                        textPerStream.add("");
                        int index = textPerStream.size() - 1;
                        return new StreamObserver<>() {
                            @Override
                            public void onNext(SynthesizeRequest r) {
                                if (r.hasText()) {
                                    text.append(r.getText());
                                    textPerStream.set(index, text.toString());
                                }
                                if (first && text.length() >= FIRST.length()) {
                                    out.onNext(phrase(0, FIRST.length()));
                                    out.onError(Status.UNAVAILABLE.withDescription("killed").asRuntimeException());
                                }
                                if (!first && r.hasEnd()) {
                                    out.onNext(phrase(0, text.length()));
                                    out.onCompleted();
                                }
                            }

                            @Override
                            public void onError(Throwable t) {
                            }

                            @Override
                            public void onCompleted() {
                            }
                        };
                    }
                }).build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    static SynthesizeResponse phrase(int start, int end) {
        return SynthesizeResponse.newBuilder().setAudio(AudioChunk.newBuilder().setPcm(ByteString.copyFrom(new byte[320]))
                .setSampleRateHz(8_000).setTextStart(start).setTextEnd(end)).build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        callContext.shutdownNow();
    }

    @Test
    void onlyTheTextNotYetVoicedIsSynthesizedAgain() throws Exception {
        List<AudioChunk> chunks = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        TestOutages outages = new TestOutages();
        Utterance.Listener listener = new Utterance.Listener() {
            @Override
            public void onSpeechAudio(Utterance utterance, AudioChunk chunk) {
                chunks.add(chunk);
            }

            @Override
            public void onSpeechDone(Utterance utterance) {
                done.countDown();
            }

            @Override
            public void onSpeechError(Utterance utterance, Throwable error) {
                outages.log.add("unmendable " + error);
            }
        };
        callContext.execute(() -> {
            Utterance u = new Utterance(TextToSpeechGrpc.newStub(channel), SynthesisConfig.newBuilder()
                    .setTenantId("acme").setCallId("c-4").setTurnId(3).setVoice("kal16").setSampleRateHz(8_000).build(),
                    callContext, listener, TestOutages.on(callContext, 5_000, outages));
            u.write(FIRST);
            // The rest arrives while the first instance is dying.
            callContext.execute(() -> {
                u.write(REST);
                u.endOfText();
            });
        });

        assertTrue(done.await(5, TimeUnit.SECONDS), "the utterance was voiced to its end");
        assertEquals(REST, textPerStream.get(1), "the new instance gets only what had no audio yet");
        assertEquals(List.of(FIRST.length(), FIRST.length() + REST.length()),
                chunks.stream().map(AudioChunk::getTextEnd).toList(), "offsets index the whole utterance");
        assertEquals(List.of("tts failed", "tts recovered"), outages.awaitLog(2));
    }
}
