package dev.parley.gateway.warmup;

import dev.parley.contracts.dialogue.v1.DialogueGrpc;
import dev.parley.contracts.dialogue.v1.DialogueRequest;
import dev.parley.contracts.stt.v1.RecognizeRequest;
import dev.parley.contracts.stt.v1.SpeechToTextGrpc;
import dev.parley.contracts.tts.v1.SynthesizeRequest;
import dev.parley.contracts.tts.v1.TextToSpeechGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs each backend's live stream once before the first call: an empty first request, which every service refuses
 * at once (INVALID_ARGUMENT, before any session, event or billing exists). A fresh gateway's first call otherwise
 * spent ~200 ms opening its first dialogue stream (stream setup, message classes, the client's streaming code),
 * which a health check does not run. The backends log and count the refused stream.
 */
final class LiveStreams {
    private static final long ANSWER_TIMEOUT_MS = 3_000;

    private LiveStreams() {
    }

    /** How the backend {@code name} answered an empty stream ("INVALID_ARGUMENT", or why there was no answer). */
    static String touch(String name, Channel channel) throws InterruptedException {
        return switch (name) {
            case "stt" -> touch(channel, SpeechToTextGrpc.getRecognizeMethod(), RecognizeRequest.getDefaultInstance());
            case "dialogue" -> touch(channel, DialogueGrpc.getConverseMethod(), DialogueRequest.getDefaultInstance());
            case "tts" -> touch(channel, TextToSpeechGrpc.getSynthesizeMethod(),
                    SynthesizeRequest.getDefaultInstance());
            default -> throw new IllegalArgumentException("no live stream known for backend " + name);
        };
    }

    private static <Q, R> String touch(Channel channel, MethodDescriptor<Q, R> method, Q empty)
            throws InterruptedException {
        CountDownLatch ended = new CountDownLatch(1);
        AtomicReference<String> outcome = new AtomicReference<>("no answer within " + ANSWER_TIMEOUT_MS + " ms");
        ClientCall<Q, R> call = channel.newCall(method,
                CallOptions.DEFAULT.withDeadlineAfter(ANSWER_TIMEOUT_MS, TimeUnit.MILLISECONDS));
        StreamObserver<Q> requests = ClientCalls.asyncBidiStreamingCall(call, new StreamObserver<>() {
            @Override
            public void onNext(R response) {
                outcome.set("answered");
            }

            @Override
            public void onError(Throwable error) {
                outcome.set(Status.fromThrowable(error).getCode().toString());
                ended.countDown();
            }

            @Override
            public void onCompleted() {
                outcome.set("completed");
                ended.countDown();
            }
        });
        requests.onNext(empty);
        requests.onCompleted();
        if (!ended.await(ANSWER_TIMEOUT_MS + 500, TimeUnit.MILLISECONDS)) {
            call.cancel("warm-up over", null);
        }
        return outcome.get();
    }
}
