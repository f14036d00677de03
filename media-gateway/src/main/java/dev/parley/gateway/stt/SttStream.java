package dev.parley.gateway.stt;

import com.google.protobuf.UnsafeByteOperations;
import dev.parley.audio.Pcm16;
import dev.parley.contracts.stt.v1.Flush;
import dev.parley.contracts.stt.v1.RecognizeRequest;
import dev.parley.contracts.stt.v1.RecognizeResponse;
import dev.parley.contracts.stt.v1.SpeechToTextGrpc;
import dev.parley.contracts.stt.v1.StreamConfig;
import dev.parley.contracts.stt.v1.Transcript;
import dev.parley.contracts.trace.v1.TraceContext;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * One call's recognition stream to stt-service. Requests are sent from the call's context only;
 * responses are handed to the listener on that same context.
 */
public final class SttStream {

    public interface Listener {
        void onPartial(Transcript transcript);

        void onFinal(Transcript transcript);

        void onSttError(Throwable error);
    }

    private final ClientCallStreamObserver<RecognizeRequest> requests;
    private final Supplier<TraceContext> turnTrace;
    private boolean closed;

    /** @param turnTrace the trace context of the turn a flush ends, asked at each flush */
    public SttStream(SpeechToTextGrpc.SpeechToTextStub stub, String tenantId, String callId, int sampleRate,
                     Executor context, Listener listener, Supplier<TraceContext> turnTrace) {
        this.turnTrace = turnTrace;
        StreamObserver<RecognizeResponse> responses = new StreamObserver<>() {
            @Override
            public void onNext(RecognizeResponse r) {
                context.execute(() -> {
                    if (r.hasPartial()) {
                        listener.onPartial(r.getPartial());
                    } else if (r.hasFinal()) {
                        listener.onFinal(r.getFinal());
                    }
                });
            }

            @Override
            public void onError(Throwable t) {
                context.execute(() -> {
                    closed = true;
                    listener.onSttError(t);
                });
            }

            @Override
            public void onCompleted() {
                context.execute(() -> closed = true);
            }
        };
        requests = (ClientCallStreamObserver<RecognizeRequest>) stub.recognize(responses);
        requests.onNext(RecognizeRequest.newBuilder().setConfig(StreamConfig.newBuilder()
                .setTenantId(tenantId).setCallId(callId).setSampleRateHz(sampleRate).setLanguage("en-US")).build());
    }

    public boolean closed() {
        return closed;
    }

    public void audio(short[] pcm) {
        if (!closed) {
            // The bytes are fresh and never touched again: wrap them instead of copying (31 times a second per call).
            requests.onNext(RecognizeRequest.newBuilder()
                    .setAudio(UnsafeByteOperations.unsafeWrap(Pcm16.toBytes(pcm))).build());
        }
    }

    public void flush(long seq) {
        if (!closed) {
            requests.onNext(RecognizeRequest.newBuilder().setFlush(Flush.newBuilder().setSeq(seq)
                    .setTrace(turnTrace.get())).build());
        }
    }

    public void close() {
        if (!closed) {
            closed = true;
            requests.onCompleted();
        }
    }
}
