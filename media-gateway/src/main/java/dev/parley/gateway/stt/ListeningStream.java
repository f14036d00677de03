package dev.parley.gateway.stt;

import com.google.protobuf.UnsafeByteOperations;
import dev.parley.audio.Pcm16;
import dev.parley.contracts.stt.v1.RecognizeRequest;
import dev.parley.contracts.stt.v1.RecognizeResponse;
import dev.parley.contracts.stt.v1.SpeechToTextGrpc;
import dev.parley.contracts.stt.v1.StreamConfig;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.Executor;

/**
 * A recognition stream that only listens: audio in, transcripts out, no turns, flushes or failover. For the few
 * seconds answering-machine detection hears a callee before any session exists. If it fails it stays failed and says
 * so once: its user decides without words rather than wait for a new stream. Driven from one context, on which the
 * listener is called too; nothing is sent or handed on once closed.
 */
public final class ListeningStream {
    public interface Listener {
        /** A partial (replacing the previous one) or a final transcript. */
        void heard(String text, boolean isFinal);

        /** The stream broke (refused, the backend gone); no more transcripts will come. */
        void failed(Throwable error);
    }

    private final ClientCallStreamObserver<RecognizeRequest> requests;
    private boolean closed;

    /** Opens the stream for audio at {@code sampleRate} (8000 or 16000 Hz). */
    public ListeningStream(SpeechToTextGrpc.SpeechToTextStub stub, String tenantId, String callId, int sampleRate,
                           Executor context, Listener listener) {
        this.requests = (ClientCallStreamObserver<RecognizeRequest>) stub.recognize(new StreamObserver<>() {
            @Override
            public void onNext(RecognizeResponse r) {
                context.execute(() -> {
                    if (!closed && r.hasPartial()) {
                        listener.heard(r.getPartial().getText(), false);
                    } else if (!closed && r.hasFinal()) {
                        listener.heard(r.getFinal().getText(), true);
                    }
                });
            }

            @Override
            public void onError(Throwable t) {
                context.execute(() -> {
                    if (!closed) {
                        closed = true;
                        listener.failed(t);
                    }
                });
            }

            @Override
            public void onCompleted() {
                context.execute(() -> {
                    if (!closed) {
                        closed = true;
                        listener.failed(new IllegalStateException("stt-service ended the stream"));
                    }
                });
            }
        });
        requests.onNext(RecognizeRequest.newBuilder().setConfig(StreamConfig.newBuilder().setTenantId(tenantId)
                .setCallId(callId).setSampleRateHz(sampleRate).setLanguage("en-US")).build());
    }

    public void audio(short[] pcm) {
        if (!closed) {
            // Fresh bytes, never touched again: wrapped, not copied.
            requests.onNext(RecognizeRequest.newBuilder().setAudio(UnsafeByteOperations.unsafeWrap(Pcm16.toBytes(pcm)))
                    .build());
        }
    }

    public void close() {
        if (!closed) {
            closed = true;
            requests.onCompleted();
        }
    }
}
