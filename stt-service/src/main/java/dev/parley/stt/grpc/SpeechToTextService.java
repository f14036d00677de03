package dev.parley.stt.grpc;

import dev.parley.contracts.stt.v1.RecognizeRequest;
import dev.parley.contracts.stt.v1.RecognizeResponse;
import dev.parley.contracts.stt.v1.SpeechToTextGrpc;
import dev.parley.events.EventPublisher;
import dev.parley.stt.SttConfig;
import dev.parley.stt.drain.RecognitionDrain;
import dev.parley.stt.engines.SttEngines;
import dev.parley.stt.metrics.SttMetrics;
import dev.parley.stt.session.RecognitionSession;
import dev.parley.stt.session.SerialExecutor;
import dev.parley.stt.session.WorkerPool;
import dev.parley.stt.tracing.SttTracing;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.vertx.core.Vertx;

import java.util.concurrent.RejectedExecutionException;

/**
 * SpeechToText.Recognize. Requests arrive on the event loop and are handed to the stream's serial executor on the
 * worker pool; the call reads ahead only {@code parley.stt.request-window} requests, so a client sending faster
 * than the engine keeps up is held back by gRPC flow control instead of filling memory.
 */
@GrpcService
public class SpeechToTextService extends SpeechToTextGrpc.SpeechToTextImplBase {
    private final SttEngines engines;
    private final WorkerPool pool;
    private final EventPublisher events;
    private final SttMetrics metrics;
    private final SttConfig config;
    private final SttTracing tracing;
    private final RecognitionDrain drain;

    SpeechToTextService(SttEngines engines, WorkerPool pool, EventPublisher events, SttMetrics metrics,
                        SttConfig config, SttTracing tracing, RecognitionDrain drain) {
        this.tracing = tracing;
        this.drain = drain;
        if (config.requestWindow() < 1 || config.maxStreams() < 1) {
            throw new IllegalArgumentException("parley.stt.request-window and parley.stt.max-streams must be >= 1, got "
                    + config.requestWindow() + " and " + config.maxStreams());
        }
        this.engines = engines;
        this.pool = pool;
        this.events = events;
        this.metrics = metrics;
        this.config = config;
        metrics.capacity(config.maxStreams());
    }

    @Override
    public StreamObserver<RecognizeRequest> recognize(StreamObserver<RecognizeResponse> responses) {
        ServerCallStreamObserver<RecognizeResponse> call = (ServerCallStreamObserver<RecognizeResponse>) responses;
        if (drain.draining()) {
            call.onError(RecognitionDrain.DRAINING.asRuntimeException());
            return new DiscardingObserver();
        }
        if (!metrics.tryOpenStream(config.maxStreams())) {
            call.onError(Status.RESOURCE_EXHAUSTED
                    .withDescription("stt-service is serving its maximum of " + config.maxStreams() + " streams")
                    .asRuntimeException());
            return new DiscardingObserver();
        }
        call.disableAutoRequest();
        GrpcResponseSink sink = new GrpcResponseSink(call, Vertx.currentContext());
        SerialExecutor serial = new SerialExecutor(pool, config.requestWindow() * 2);
        RecognitionSession session = new RecognitionSession(engines.recognizer(), events, metrics, sink,
                tracing);
        call.setOnCancelHandler(() -> serial.executeControl(session::cancel));
        sink.request(config.requestWindow());
        return new StreamObserver<>() {
            @Override
            public void onNext(RecognizeRequest request) {
                try {
                    serial.execute(() -> {
                        session.handle(request);
                        if (request.hasFlush() && drain.draining()) {
                            // Its final is sent: a turn boundary, where the call moves on with nothing to resend.
                            session.moveOn(RecognitionDrain.DRAINING);
                            return;
                        }
                        sink.request(1);
                    });
                } catch (RejectedExecutionException e) {
                    serial.executeControl(() -> session.overloaded(e.getMessage()));
                }
            }

            @Override
            public void onError(Throwable error) {
                serial.executeControl(session::cancel);
            }

            @Override
            public void onCompleted() {
                serial.executeControl(session::complete);
            }
        };
    }

    /** Swallows the requests of a stream that was refused before it started. */
    private static final class DiscardingObserver implements StreamObserver<RecognizeRequest> {
        @Override
        public void onNext(RecognizeRequest value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }
}
