package dev.parley.gateway.warmup;

import com.google.protobuf.ByteString;
import dev.parley.contracts.dialogue.v1.CallStart;
import dev.parley.contracts.dialogue.v1.DialogueGrpc;
import dev.parley.contracts.dialogue.v1.DialogueRequest;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.dialogue.v1.TurnDone;
import dev.parley.contracts.stt.v1.RecognizeRequest;
import dev.parley.contracts.stt.v1.RecognizeResponse;
import dev.parley.contracts.stt.v1.SpeechToTextGrpc;
import dev.parley.contracts.stt.v1.StreamConfig;
import dev.parley.contracts.tts.v1.AudioChunk;
import dev.parley.contracts.tts.v1.SynthesisConfig;
import dev.parley.contracts.tts.v1.SynthesizeRequest;
import dev.parley.contracts.tts.v1.SynthesizeResponse;
import dev.parley.contracts.tts.v1.TextToSpeechGrpc;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stand-ins for the three live-path backends that answer a call's start: dialogue greets (turn 0), speech synthesis
 * answers the greeting with a tone, recognition holds its stream open. Each keeps the first message of every stream
 * it was sent, so a test sees who the gateway said a call was for. An empty first message (the warm-up's touch of each
 * live stream) is refused with INVALID_ARGUMENT, as the real services do.
 */
public class GreetingBackends implements QuarkusTestResourceLifecycleManager {
    static final String GREETING = "Hi, thanks for calling.";
    static final List<CallStart> CALL_STARTS = new CopyOnWriteArrayList<>();
    static final List<SynthesisConfig> SYNTHESES = new CopyOnWriteArrayList<>();
    static final List<StreamConfig> RECOGNITIONS = new CopyOnWriteArrayList<>();
    private Server server;

    @Override
    public Map<String, String> start() {
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(StandInBackend.serving())
                    .addService(new SpeechToTextGrpc.SpeechToTextImplBase() {
                        @Override
                        public StreamObserver<RecognizeRequest> recognize(StreamObserver<RecognizeResponse> out) {
                            return firstMessage(out, (RecognizeRequest r) -> {
                                if (!r.hasConfig()) {
                                    return false;
                                }
                                RECOGNITIONS.add(r.getConfig());
                                return true;
                            }, null);
                        }
                    })
                    .addService(new DialogueGrpc.DialogueImplBase() {
                        @Override
                        public StreamObserver<DialogueRequest> converse(StreamObserver<DialogueResponse> out) {
                            return firstMessage(out, (DialogueRequest r) -> {
                                if (!r.hasStart()) {
                                    return false;
                                }
                                CALL_STARTS.add(r.getStart());
                                out.onNext(DialogueResponse.newBuilder().setTurnId(0).setTextDelta(GREETING).build());
                                out.onNext(DialogueResponse.newBuilder().setTurnId(0)
                                        .setDone(TurnDone.newBuilder().setBrain("flow")).build());
                                return true;
                            }, null);
                        }
                    })
                    .addService(new TextToSpeechGrpc.TextToSpeechImplBase() {
                        @Override
                        public StreamObserver<SynthesizeRequest> synthesize(StreamObserver<SynthesizeResponse> out) {
                            return firstMessage(out, (SynthesizeRequest r) -> {
                                if (!r.hasConfig()) {
                                    return false;
                                }
                                SYNTHESES.add(r.getConfig());
                                return true;
                            }, () -> out.onNext(SynthesizeResponse.newBuilder()
                                    .setAudio(AudioChunk.newBuilder().setPcm(tone()).setSampleRateHz(8_000)).build()));
                        }
                    })
                    .build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String address = "127.0.0.1:" + server.getPort();
        return Map.of("parley.backends.stt", address, "parley.backends.dialogue", address,
                "parley.backends.tts", address);
    }

    /** What a stream does with its first message: keeps it and answers (true), or finds it empty (false). */
    private interface First<I> {
        boolean accept(I request);
    }

    /**
     * A stream that hands its first message to {@code first} (an empty one fails the stream) and, when its client
     * ends it, sends {@code atEnd} (if any) and ends too.
     */
    private static <I, O> StreamObserver<I> firstMessage(StreamObserver<O> out, First<I> first, Runnable atEnd) {
        AtomicBoolean seen = new AtomicBoolean();
        AtomicBoolean ended = new AtomicBoolean();
        return new StreamObserver<>() {
            @Override
            public void onNext(I request) {
                if (!seen.getAndSet(true) && !first.accept(request)) {
                    ended.set(true);
                    out.onError(Status.INVALID_ARGUMENT.withDescription("empty first message").asRuntimeException());
                }
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
                if (ended.getAndSet(true)) {
                    return;
                }
                if (atEnd != null) {
                    atEnd.run();
                }
                out.onCompleted();
            }
        };
    }

    private static ByteString tone() {
        int samples = 400 * 8;
        ByteBuffer pcm = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            pcm.putShort((short) (8_000 * Math.sin(2 * Math.PI * 440 * i / 8_000.0)));
        }
        return ByteString.copyFrom(pcm.flip());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }
}
