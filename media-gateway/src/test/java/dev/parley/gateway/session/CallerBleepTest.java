package dev.parley.gateway.session;

import dev.parley.audio.MuLaw;
import dev.parley.contracts.redaction.RedactionPolicy;
import dev.parley.contracts.redaction.Redactor;
import dev.parley.contracts.stt.v1.RecognizeRequest;
import dev.parley.contracts.stt.v1.RecognizeResponse;
import dev.parley.contracts.stt.v1.SpeechToTextGrpc;
import dev.parley.contracts.stt.v1.Transcript;
import dev.parley.contracts.stt.v1.Word;
import dev.parley.contracts.trace.v1.TraceContext;
import dev.parley.gateway.amd.GreetingAudio;
import dev.parley.gateway.failover.TestOutages;
import dev.parley.gateway.inbound.InboundAudio;
import dev.parley.gateway.recording.CallRecorder;
import dev.parley.gateway.recording.Goertzel;
import dev.parley.gateway.recording.LocalRecordingStore;
import dev.parley.gateway.recording.RecordingMetrics;
import dev.parley.gateway.stt.SpeechGate;
import dev.parley.gateway.stt.SttStream;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The caller's number found by the recognizer is bleeped where it was said, through the real chain: μ-law caller audio
 * to the recorder and, upsampled, through the speech gate (two stretches of speech, pre-roll and hangover) to an STT
 * stream that answers the first turn, then dies at the second turn's flush; the new stream gets the second turn
 * replayed and its words' times count from that replay.
 */
class CallerBleepTest {
    private static final long MS = 1_000_000L;
    private static final int FRAME_16K = 512;
    /** The number's words in the second stream's time: "four five six seven eight nine", 150 ms each from 320 ms. */
    private static final long WORDS_FROM_MS = 320;
    private static final long WORD_MS = 150;
    /** The recorder pads a caller interval 150 ms (8 kHz) each side. */
    private static final int PAD = 150 * 8;

    @TempDir
    Path root;
    private final ExecutorService callContext = Executors.newSingleThreadExecutor();
    private final AtomicInteger streams = new AtomicInteger();
    private Server server;
    private ManagedChannel channel;

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        callContext.shutdownNow();
    }

    private void recognizer() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new SpeechToTextGrpc.SpeechToTextImplBase() {
                    @Override
                    public StreamObserver<RecognizeRequest> recognize(StreamObserver<RecognizeResponse> out) {
                        int stream = streams.incrementAndGet();
                        long[] bytes = {0};
                        return new StreamObserver<>() {
                            @Override
                            public void onNext(RecognizeRequest r) {
                                bytes[0] += r.getAudio().size();
                                if (!r.hasFlush()) {
                                    return;
                                }
                                long seq = r.getFlush().getSeq();
                                if (stream == 1 && seq == 2) {
                                    out.onError(Status.UNAVAILABLE.withDescription("killed").asRuntimeException());
                                    return;
                                }
                                Transcript.Builder t = Transcript.newBuilder().setFlushSeq(seq)
                                        .setAudioEndMs(bytes[0] / 32);
                                if (seq == 2) {
                                    String[] said = {"four", "five", "six", "seven", "eight", "nine"};
                                    for (int i = 0; i < said.length; i++) {
                                        long start = WORDS_FROM_MS + i * WORD_MS;
                                        t.addWords(Word.newBuilder().setWord(said[i]).setStartMs(start)
                                                .setEndMs(start + WORD_MS));
                                    }
                                }
                                out.onNext(RecognizeResponse.newBuilder().setFinal(t).build());
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

    @Test
    void theNumberIsToneOnTheCallersTrackWhereItWasSaidAcrossTheGateAndAReopenedStream() throws Exception {
        recognizer();
        short[] speech = GreetingAudio.speech("flite:kal16", "My number is four five six, seven eight nine."
                + " Did you get that? I can say it again if you like.");
        short[] caller = new short[6 * 8_000];
        System.arraycopy(speech, 0, caller, 4_000, Math.min(speech.length, caller.length - 4_000));
        long t0 = 3_000 * MS;
        long[] now = {t0};
        CallRecorder recorder = new CallRecorder(new LocalRecordingStore(root), "brightsmile", "CAB1", new byte[]{1},
                () -> now[0], Runnable::run, new RecordingMetrics(new SimpleMeterRegistry()), true);
        CallRedaction redaction = new CallRedaction(new Redactor(new RedactionPolicy(true, 6, true, Set.of())),
                recorder);
        CountDownLatch firstTurn = new CountDownLatch(1);
        CountDownLatch secondTurn = new CountDownLatch(1);
        SttStream[] stt = new SttStream[1];
        SttStream.Listener listener = new SttStream.Listener() {
            @Override
            public void onPartial(Transcript transcript) {
            }

            @Override
            public void onFinal(Transcript transcript) {
                redaction.callerFinal(transcript, stt[0]::callerSampleAt);
                firstTurn.countDown();
                if (transcript.getFlushSeq() == 2) {
                    recorder.end(now[0]);
                    secondTurn.countDown();
                }
            }

            @Override
            public void onSttError(Throwable error) {
            }
        };
        // As CallerTurns: 10 frames of pre-roll and of hangover; speech at frames [40, 80) and [120, 160).
        SpeechGate gate = new SpeechGate(10, 10, 0.3f, (frame, index) -> stt[0].audio(frame, index * frame.length));
        InboundAudio inbound = new InboundAudio();
        int[] frames = {0};
        int[] at = {0};
        Runnable feedUntilFrame = () -> {
            int until = frames[0] <= 100 ? 101 : Integer.MAX_VALUE;
            for (; at[0] < caller.length && frames[0] < until; at[0] += 160) {
                now[0] = t0 + (at[0] + 160) / 8 * MS;
                byte[] chunk = MuLaw.encode(caller, at[0], 160);
                recorder.callerMuLaw(chunk);
                inbound.pushMuLaw(chunk, frame -> {
                    int i = frames[0]++;
                    gate.frame(frame, i >= 40 && i < 80 || i >= 120 && i < 160 ? 0.9f : 0.05f);
                    if (i == 100) {
                        stt[0].flush(1);
                    } else if (i == 175) {
                        stt[0].flush(2);
                    }
                });
            }
        };
        callContext.execute(() -> {
            stt[0] = new SttStream(SpeechToTextGrpc.newStub(channel), "brightsmile", "CAB1", 16_000, callContext,
                    listener, TestOutages.on(callContext, 5_000, new TestOutages()), TraceContext::getDefaultInstance,
                    true);
            feedUntilFrame.run();
        });
        // The first turn's final comes before the caller speaks again, as it does in a call.
        assertTrue(firstTurn.await(10, TimeUnit.SECONDS));
        callContext.execute(feedUntilFrame);
        assertTrue(secondTurn.await(10, TimeUnit.SECONDS), "the second turn was recognized after the failover");
        assertEquals(2, streams.get());

        // The new stream's time 0 is the replayed turn's first frame: the pre-roll's, caller frame 110 (16 kHz).
        long from = (110 * FRAME_16K + WORDS_FROM_MS * 16) / 2;
        long to = (110 * FRAME_16K + (WORDS_FROM_MS + 6 * WORD_MS) * 16) / 2;
        int bleepFrom = (int) from - PAD;
        int bleepTo = (int) to + PAD;
        short[] left = leftChannel(root.resolve("brightsmile/CAB1.wav"));
        short[] heard = MuLaw.decode(MuLaw.encode(caller));
        assertEquals(caller.length, left.length);
        assertTrue(Goertzel.share(heard, bleepFrom, bleepTo, 1_000) < 0.2, "speech there before");
        assertTrue(Goertzel.share(left, bleepFrom, bleepTo, 1_000) > 0.99, "the number is a 1 kHz tone");
        for (int i = 0; i < left.length; i++) {
            if (i < bleepFrom || i >= bleepTo) {
                assertEquals(heard[i], left[i], "caller sample " + i + " is as received");
            }
        }
    }

    private static short[] leftChannel(Path wav) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
        short[] left = new short[(b.capacity() - 44) / 4];
        for (int i = 0; i < left.length; i++) {
            left[i] = b.getShort(44 + 4 * i);
        }
        return left;
    }
}
