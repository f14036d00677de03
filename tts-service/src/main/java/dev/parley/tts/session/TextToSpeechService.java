package dev.parley.tts.session;

import dev.parley.contracts.tts.v1.SynthesizeRequest;
import dev.parley.contracts.tts.v1.SynthesizeResponse;
import dev.parley.contracts.tts.v1.TextToSpeechGrpc;
import dev.parley.tts.drain.SynthesisDrain;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;

/** The live-path endpoint: one bidirectional {@code Synthesize} stream per agent utterance. */
@GrpcService
public class TextToSpeechService extends TextToSpeechGrpc.TextToSpeechImplBase {

    @Inject
    SynthesisSessions sessions;

    @Inject
    SynthesisDrain drain;

    @Override
    public StreamObserver<SynthesizeRequest> synthesize(StreamObserver<SynthesizeResponse> responses) {
        if (drain.draining()) {
            responses.onError(Status.UNAVAILABLE.withDescription(
                    "tts-service is shutting down: synthesize on another instance").asRuntimeException());
            return new StreamObserver<>() {
                @Override
                public void onNext(SynthesizeRequest request) {
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                }
            };
        }
        return sessions.open((ServerCallStreamObserver<SynthesizeResponse>) responses);
    }
}
