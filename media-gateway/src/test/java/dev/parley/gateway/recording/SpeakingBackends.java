package dev.parley.gateway.recording;

import com.google.protobuf.ByteString;
import dev.parley.contracts.dialogue.v1.DialogueGrpc;
import dev.parley.contracts.dialogue.v1.DialogueRequest;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.stt.v1.RecognizeRequest;
import dev.parley.contracts.stt.v1.RecognizeResponse;
import dev.parley.contracts.stt.v1.SpeechToTextGrpc;
import dev.parley.contracts.tts.v1.AudioChunk;
import dev.parley.contracts.tts.v1.SynthesizeRequest;
import dev.parley.contracts.tts.v1.SynthesizeResponse;
import dev.parley.contracts.tts.v1.TextToSpeechGrpc;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Stand-in live-path backends for a recorded call: speech recognition and dialogue streams are held open and never
 * answer; speech synthesis answers every text with {@link #TONE_MS} of a tone (the consent announcement). Also gives
 * the gateway an empty recordings directory of its own.
 */
public class SpeakingBackends implements QuarkusTestResourceLifecycleManager {
    static final int TONE_MS = 400;
    private Server server;

    @Override
    public Map<String, String> start() {
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(new SpeechToTextGrpc.SpeechToTextImplBase() {
                        @Override
                        public StreamObserver<RecognizeRequest> recognize(StreamObserver<RecognizeResponse> out) {
                            return held(out, null);
                        }
                    })
                    .addService(new DialogueGrpc.DialogueImplBase() {
                        @Override
                        public StreamObserver<DialogueRequest> converse(StreamObserver<DialogueResponse> out) {
                            return held(out, null);
                        }
                    })
                    .addService(new TextToSpeechGrpc.TextToSpeechImplBase() {
                        @Override
                        public StreamObserver<SynthesizeRequest> synthesize(StreamObserver<SynthesizeResponse> out) {
                            return held(out, () -> out.onNext(SynthesizeResponse.newBuilder()
                                    .setAudio(AudioChunk.newBuilder().setPcm(tone()).setSampleRateHz(8_000)).build()));
                        }
                    })
                    .build().start();
            Map<String, String> config = new HashMap<>();
            for (String backend : new String[]{"stt", "dialogue", "tts"}) {
                config.put("parley.backends." + backend, "127.0.0.1:" + server.getPort());
            }
            config.put("parley.recordings.dir", Files.createTempDirectory("parley-recordings").toString());
            return config;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the stand-in backends", e);
        }
    }

    private static ByteString tone() {
        int samples = TONE_MS * 8;
        ByteBuffer pcm = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            pcm.putShort((short) (8_000 * Math.sin(2 * Math.PI * 440 * i / 8_000.0)));
        }
        return ByteString.copyFrom(pcm.flip());
    }

    /** A stream that answers (if {@code answer}) when its client ends it, then ends too. */
    private static <I, O> StreamObserver<I> held(StreamObserver<O> out, Runnable answer) {
        return new StreamObserver<>() {
            @Override
            public void onNext(I request) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
                if (answer != null) {
                    answer.run();
                }
                out.onCompleted();
            }
        };
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }
}
