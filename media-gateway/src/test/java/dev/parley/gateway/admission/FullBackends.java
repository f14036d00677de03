package dev.parley.gateway.admission;

import dev.parley.contracts.dialogue.v1.DialogueGrpc;
import dev.parley.contracts.dialogue.v1.DialogueRequest;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.stt.v1.RecognizeRequest;
import dev.parley.contracts.stt.v1.RecognizeResponse;
import dev.parley.contracts.stt.v1.SpeechToTextGrpc;
import dev.parley.contracts.tts.v1.SynthesizeRequest;
import dev.parley.contracts.tts.v1.SynthesizeResponse;
import dev.parley.contracts.tts.v1.TextToSpeechGrpc;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The live-path contracts served on one random port: every stream is held open and left unanswered, except that
 * with {@code stt=full} every recognition stream is refused as a full stt-service refuses it (RESOURCE_EXHAUSTED).
 * Stands in for the backends, which run in their own modules; their refusal itself is tested there.
 */
public class FullBackends implements QuarkusTestResourceLifecycleManager {
    private Server server;
    private boolean sttFull;

    @Override
    public void init(Map<String, String> args) {
        sttFull = "full".equals(args.get("stt"));
    }

    @Override
    public Map<String, String> start() {
        try {
            // The gateway pings every parley.backends.keepalive (10 s): grpc-java's default policy (one ping per
            // 5 min) answers GOAWAY too_many_pings ~30 s in, which would end any call held longer than that.
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .permitKeepAliveTime(1, TimeUnit.SECONDS).permitKeepAliveWithoutCalls(true)
                    .addService(new SpeechToTextGrpc.SpeechToTextImplBase() {
                        @Override
                        public StreamObserver<RecognizeRequest> recognize(StreamObserver<RecognizeResponse> out) {
                            if (sttFull) {
                                out.onError(Status.RESOURCE_EXHAUSTED
                                        .withDescription("stt-service is serving its maximum of 0 streams")
                                        .asRuntimeException());
                            }
                            return held(out);
                        }
                    })
                    .addService(new DialogueGrpc.DialogueImplBase() {
                        @Override
                        public StreamObserver<DialogueRequest> converse(StreamObserver<DialogueResponse> out) {
                            return held(out);
                        }
                    })
                    .addService(new TextToSpeechGrpc.TextToSpeechImplBase() {
                        @Override
                        public StreamObserver<SynthesizeRequest> synthesize(StreamObserver<SynthesizeResponse> out) {
                            return held(out);
                        }
                    })
                    .build().start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the stand-in backends", e);
        }
        String port = String.valueOf(server.getPort());
        Map<String, String> config = new HashMap<>();
        for (String backend : new String[]{"stt", "dialogue", "tts"}) {
            config.put("parley.backends." + backend, "127.0.0.1:" + port);
        }
        return config;
    }

    /** A stream that ends when its client ends it. */
    private static <I, O> StreamObserver<I> held(StreamObserver<O> out) {
        return new StreamObserver<>() {
            @Override
            public void onNext(I request) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
                try {
                    out.onCompleted();
                } catch (IllegalStateException alreadyClosed) {
                    // the refused stream was closed by its refusal
                }
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
