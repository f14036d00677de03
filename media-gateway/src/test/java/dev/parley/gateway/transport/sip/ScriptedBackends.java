package dev.parley.gateway.transport.sip;

import dev.parley.contracts.dialogue.v1.Action;
import dev.parley.contracts.dialogue.v1.CallStart;
import dev.parley.contracts.dialogue.v1.DialogueGrpc;
import dev.parley.contracts.dialogue.v1.DialogueRequest;
import dev.parley.contracts.dialogue.v1.TransferFailed;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.dialogue.v1.EndCall;
import dev.parley.contracts.dialogue.v1.Transfer;
import dev.parley.contracts.dialogue.v1.TurnDone;
import dev.parley.contracts.stt.v1.RecognizeRequest;
import dev.parley.contracts.stt.v1.RecognizeResponse;
import dev.parley.contracts.stt.v1.SpeechToTextGrpc;
import dev.parley.contracts.stt.v1.Transcript;
import dev.parley.contracts.tts.v1.SynthesizeRequest;
import dev.parley.contracts.tts.v1.SynthesizeResponse;
import dev.parley.contracts.tts.v1.TextToSpeechGrpc;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stand-in backends with a scripted brain: the dialogue answers a call start of a tenant named in {@link #TARGETS}
 * at once with a silent turn 0 that transfers to the tenant's target, as a flow intent's {@code transfer:} does once
 * its line is said; a call start with a voicemail message ({@code parley.voicemail}) gets a silent turn 0 that ends
 * the call, as dialogue-service's is once the message is said; every other stream is held open, unanswered. Each
 * CallStart is kept, so a test can see what the gateway gave the brain (an outbound call's parameters, opening line
 * and voicemail message).
 */
public class ScriptedBackends implements QuarkusTestResourceLifecycleManager {
    /** Per tenant id, where its brain transfers every call. */
    static final Map<String, String> TARGETS = Map.of("referrer", "sip:support@acme.example",
            "referrer-tel", "tel:+1-555-019-9999", "referrer-late", "sip:desk@acme.example",
            "warm", "tel:+15550199990", "warm-busy", "tel:+15550199991", "warm-late", "tel:+15550199992",
            "warm-hangup", "tel:+15550199993", "warm-gone", "tel:+15550199994",
            "warm-bad", "the support desk");
    /**
     * Per tenant id, what the recognizer stand-in hears on an 8 kHz stream (answering-machine screening; sessions'
     * streams are 16 kHz): this partial once a second of audio has come, as stt-service would send it mid-greeting.
     */
    static final Map<String, String> SCREEN_WORDS = Map.of("screener-words", "hi its dana leave a message");
    /** Every CallStart the dialogue stand-in received, in order. */
    public static final List<CallStart> STARTS = new CopyOnWriteArrayList<>();
    /** Every failed warm transfer the dialogue stand-in was told of, in order. */
    public static final List<TransferFailed> TRANSFERS_FAILED = new CopyOnWriteArrayList<>();

    private Server server;

    @Override
    public Map<String, String> start() {
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(new SpeechToTextGrpc.SpeechToTextImplBase() {
                        @Override
                        public StreamObserver<RecognizeRequest> recognize(StreamObserver<RecognizeResponse> out) {
                            return held(out, new ScreenedWords(out));
                        }
                    })
                    .addService(new DialogueGrpc.DialogueImplBase() {
                        @Override
                        public StreamObserver<DialogueRequest> converse(StreamObserver<DialogueResponse> out) {
                            return held(out, request -> {
                                if (request.hasStart()) {
                                    STARTS.add(request.getStart());
                                    String target = TARGETS.get(request.getStart().getTenantId());
                                    if (target != null) {
                                        transfer(out, target);
                                    } else if (request.getStart().containsParameters("parley.voicemail")) {
                                        endCall(out, "voicemail-left");
                                    }
                                } else if (request.hasTransferFailed()) {
                                    TRANSFERS_FAILED.add(request.getTransferFailed());
                                }
                            });
                        }
                    })
                    .addService(new TextToSpeechGrpc.TextToSpeechImplBase() {
                        @Override
                        public StreamObserver<SynthesizeRequest> synthesize(StreamObserver<SynthesizeResponse> out) {
                            return held(out, new SpokenTone(out));
                        }
                    })
                    .build().start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the stand-in backends", e);
        }
        String address = "127.0.0.1:" + server.getPort();
        return Map.of("parley.backends.stt", address, "parley.backends.dialogue", address,
                "parley.backends.tts", address);
    }

    /** The recognizer stand-in's answers: {@link #SCREEN_WORDS} after a second of a screened stream's audio. */
    private static final class ScreenedWords implements java.util.function.Consumer<RecognizeRequest> {
        private final StreamObserver<RecognizeResponse> out;
        private String words;
        private int audioBytes;

        ScreenedWords(StreamObserver<RecognizeResponse> out) {
            this.out = out;
        }

        @Override
        public void accept(RecognizeRequest request) {
            if (request.hasConfig() && request.getConfig().getSampleRateHz() == 8_000) {
                words = SCREEN_WORDS.get(request.getConfig().getTenantId());
            } else if (request.hasAudio() && words != null) {
                audioBytes += request.getAudio().size();
                if (audioBytes >= 16_000) {
                    out.onNext(RecognizeResponse.newBuilder().setPartial(Transcript.newBuilder().setText(words))
                            .build());
                    words = null;
                }
            }
        }
    }

    /**
     * The synthesizer stand-in: for a tenant whose id starts with "warm" (a warm transfer's brief and its apology),
     * a second of a 400 Hz tone once the text ends, as speech would come; other streams stay unanswered.
     */
    private static final class SpokenTone implements java.util.function.Consumer<SynthesizeRequest> {
        private final StreamObserver<SynthesizeResponse> out;
        private boolean speaks;

        SpokenTone(StreamObserver<SynthesizeResponse> out) {
            this.out = out;
        }

        @Override
        public void accept(SynthesizeRequest request) {
            if (request.hasConfig()) {
                speaks = request.getConfig().getTenantId().startsWith("warm");
            } else if (request.hasEnd() && speaks) {
                java.nio.ByteBuffer pcm = java.nio.ByteBuffer.allocate(16_000).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < 8_000; i++) {
                    pcm.putShort((short) (8_000 * Math.sin(2 * Math.PI * 400 * i / 8_000.0)));
                }
                out.onNext(SynthesizeResponse.newBuilder().setAudio(dev.parley.contracts.tts.v1.AudioChunk.newBuilder()
                        .setPcm(com.google.protobuf.ByteString.copyFrom(pcm.array())).setSampleRateHz(8_000)).build());
            }
        }
    }

    private static void transfer(StreamObserver<DialogueResponse> out, String target) {
        out.onNext(DialogueResponse.newBuilder().setTurnId(0).setAction(Action.newBuilder().setTransfer(
                Transfer.newBuilder().setTarget(target).setReason("caller asked for a human"))).build());
        out.onNext(DialogueResponse.newBuilder().setTurnId(0).setDone(TurnDone.newBuilder().setBrain("flow")).build());
    }

    private static void endCall(StreamObserver<DialogueResponse> out, String reason) {
        out.onNext(DialogueResponse.newBuilder().setTurnId(0).setAction(Action.newBuilder().setEndCall(
                EndCall.newBuilder().setReason(reason))).build());
        out.onNext(DialogueResponse.newBuilder().setTurnId(0).setDone(TurnDone.newBuilder().setBrain("voicemail"))
                .build());
    }

    /** A stream that ends when its client ends it, handing each request to {@code onRequest} (null: ignored). */
    private static <I, O> StreamObserver<I> held(StreamObserver<O> out, java.util.function.Consumer<I> onRequest) {
        return new StreamObserver<>() {
            @Override
            public void onNext(I request) {
                if (onRequest != null) {
                    onRequest.accept(request);
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

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }
}
