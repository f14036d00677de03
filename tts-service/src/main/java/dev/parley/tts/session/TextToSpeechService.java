package dev.parley.tts.session;

import dev.parley.contracts.tts.v1.SynthesizeRequest;
import dev.parley.contracts.tts.v1.SynthesizeResponse;
import dev.parley.contracts.tts.v1.TextToSpeechGrpc;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;

/** The live-path endpoint: one bidirectional {@code Synthesize} stream per agent utterance. */
@GrpcService
public class TextToSpeechService extends TextToSpeechGrpc.TextToSpeechImplBase {

    @Inject
    SynthesisSessions sessions;

    @Override
    public StreamObserver<SynthesizeRequest> synthesize(StreamObserver<SynthesizeResponse> responses) {
        return sessions.open((ServerCallStreamObserver<SynthesizeResponse>) responses);
    }
}
