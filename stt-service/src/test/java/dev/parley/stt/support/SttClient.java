package dev.parley.stt.support;

import com.google.protobuf.ByteString;
import dev.parley.contracts.stt.v1.Flush;
import dev.parley.contracts.stt.v1.RecognizeRequest;
import dev.parley.contracts.stt.v1.RecognizeResponse;
import dev.parley.contracts.stt.v1.SpeechToTextGrpc;
import dev.parley.contracts.stt.v1.StreamConfig;
import dev.parley.contracts.stt.v1.Transcript;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A real gRPC client of SpeechToText.Recognize over a plaintext HTTP/2 channel to the test server. */
public final class SttClient implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final ManagedChannel channel;

    public SttClient(int port) {
        this.channel = NettyChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    }

    public Call open() {
        return new Call(SpeechToTextGrpc.newStub(channel));
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    /** One Recognize stream: sends honour gRPC flow control; answers are collected in arrival order. */
    public static final class Call {
        private final List<RecognizeResponse> responses = new ArrayList<>();
        private final CompletableFuture<Status> end = new CompletableFuture<>();
        private final Object ready = new Object();
        private ClientCallStreamObserver<RecognizeRequest> requests;

        Call(SpeechToTextGrpc.SpeechToTextStub stub) {
            stub.recognize(new ClientResponseObserver<RecognizeRequest, RecognizeResponse>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<RecognizeRequest> stream) {
                    requests = stream;
                    stream.setOnReadyHandler(() -> {
                        synchronized (ready) {
                            ready.notifyAll();
                        }
                    });
                }

                @Override
                public void onNext(RecognizeResponse value) {
                    synchronized (responses) {
                        responses.add(value);
                        responses.notifyAll();
                    }
                }

                @Override
                public void onError(Throwable t) {
                    end.complete(Status.fromThrowable(t));
                    wake();
                }

                @Override
                public void onCompleted() {
                    end.complete(Status.OK);
                    wake();
                }
            });
        }

        private void wake() {
            synchronized (responses) {
                responses.notifyAll();
            }
            synchronized (ready) {
                ready.notifyAll();
            }
        }

        public Call config(String tenant, String callId, int rate) {
            return config(StreamConfig.newBuilder().setTenantId(tenant).setCallId(callId).setSampleRateHz(rate)
                    .build());
        }

        public Call config(StreamConfig config) {
            return send(RecognizeRequest.newBuilder().setConfig(config).build());
        }

        public Call audio(byte[] pcm) {
            return send(RecognizeRequest.newBuilder().setAudio(ByteString.copyFrom(pcm)).build());
        }

        public Call audio(List<byte[]> chunks) {
            for (byte[] c : chunks) {
                audio(c);
            }
            return this;
        }

        public Call flush(long seq) {
            return send(RecognizeRequest.newBuilder().setFlush(Flush.newBuilder().setSeq(seq)).build());
        }

        public Call send(RecognizeRequest request) {
            synchronized (ready) {
                while (!requests.isReady() && !end.isDone()) {
                    try {
                        ready.wait(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
            }
            if (!end.isDone()) {
                requests.onNext(request);
            }
            return this;
        }

        public void complete() {
            requests.onCompleted();
        }

        public void cancel() {
            requests.cancel("test cancels the call", null);
        }

        /** Waits for the final that answers flush {@code seq}. */
        public Transcript awaitFlushFinal(long seq) {
            return awaitResponse(r -> r.hasFinal() && r.getFinal().getFlushSeq() == seq).getFinal();
        }

        public RecognizeResponse awaitResponse(java.util.function.Predicate<RecognizeResponse> match) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            synchronized (responses) {
                while (true) {
                    for (RecognizeResponse r : responses) {
                        if (match.test(r)) {
                            return r;
                        }
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || end.isDone()) {
                        throw new AssertionError("no matching response; stream end=" + end.getNow(null)
                                + ", got " + responses);
                    }
                    try {
                        responses.wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError(e);
                    }
                }
            }
        }

        public Status awaitEnd() {
            try {
                return end.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new AssertionError("stream did not end", e);
            }
        }

        public List<RecognizeResponse> responses() {
            synchronized (responses) {
                return List.copyOf(responses);
            }
        }

        public List<Transcript> finals() {
            return responses().stream().filter(RecognizeResponse::hasFinal).map(RecognizeResponse::getFinal).toList();
        }
    }
}
