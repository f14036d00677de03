package dev.parley.gateway.backends;

import dev.parley.contracts.tts.v1.AudioChunk;
import dev.parley.contracts.tts.v1.SynthesizeRequest;
import dev.parley.contracts.tts.v1.SynthesizeResponse;
import dev.parley.contracts.tts.v1.TextToSpeechGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Real gRPC servers on loopback, each reporting through grpc.health.v1 as a backend does: the gateway's channel
 * spreads streams over the instances that serve, and sends none to one that reports NOT_SERVING (warming, draining).
 */
class LiveChannelsTest {
    final List<Server> servers = new ArrayList<>();
    final List<HealthStatusManager> health = new ArrayList<>();
    LiveChannels channels;

    @AfterEach
    void stop() throws InterruptedException {
        if (channels != null) {
            channels.close();
        }
        for (Server s : servers) {
            s.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void streamsGoRoundRobinOnlyToInstancesThatServe() throws Exception {
        start(3);
        health.get(1).setStatus("", ServingStatus.NOT_SERVING);
        channels = channelsTo(servers);
        // (the first streams may go out while only one serving instance is connected yet)
        awaitSpread(Map.of(0, 6, 2, 6), "the warming instance gets nothing, the others share");

        health.get(1).setStatus("", ServingStatus.SERVING);
        health.get(2).setStatus("", ServingStatus.NOT_SERVING);
        awaitSpread(Map.of(0, 6, 1, 6), "warm now, it takes its share; the draining one none");
    }

    @Test
    void aStreamFailsAtOnceWhenNoInstanceServes() throws Exception {
        start(1);
        health.get(0).setStatus("", ServingStatus.NOT_SERVING);
        channels = channelsTo(servers);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> openStreams(1));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
    }

    private void awaitSpread(Map<Integer, Integer> expected, String why) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Map<Integer, Integer> got = openStreams(12);
        while (!got.equals(expected) && System.nanoTime() < until) {
            Thread.sleep(50);
            got = openStreams(12);
        }
        assertEquals(expected, got, why);
    }

    /** Opens {@code n} synthesis streams one after another; each instance answers with its index. */
    private Map<Integer, Integer> openStreams(int n) throws Exception {
        Map<Integer, Integer> byInstance = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            CompletableFuture<Integer> answeredBy = new CompletableFuture<>();
            StreamObserver<SynthesizeRequest> in = TextToSpeechGrpc.newStub(channels.tts())
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .synthesize(new StreamObserver<>() {
                        @Override
                        public void onNext(SynthesizeResponse r) {
                            answeredBy.complete(r.getAudio().getPhraseIndex());
                        }

                        @Override
                        public void onError(Throwable t) {
                            answeredBy.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
            in.onNext(SynthesizeRequest.getDefaultInstance());
            in.onCompleted();
            try {
                byInstance.merge(answeredBy.get(10, TimeUnit.SECONDS), 1, Integer::sum);
            } catch (ExecutionException e) {
                throw (Exception) e.getCause();
            }
        }
        return byInstance;
    }

    private void start(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            int index = i;
            HealthStatusManager manager = new HealthStatusManager();
            health.add(manager);
            servers.add(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(manager.getHealthService())
                    .addService(new TextToSpeechGrpc.TextToSpeechImplBase() {
                        @Override
                        public StreamObserver<SynthesizeRequest> synthesize(StreamObserver<SynthesizeResponse> out) {
                            return new StreamObserver<>() {
                                @Override
                                public void onNext(SynthesizeRequest r) {
                                }

                                @Override
                                public void onError(Throwable t) {
                                }

                                @Override
                                public void onCompleted() {
                                    out.onNext(SynthesizeResponse.newBuilder().setAudio(
                                            AudioChunk.newBuilder().setPhraseIndex(index))
                                            .build());
                                    out.onCompleted();
                                }
                            };
                        }
                    }).build().start());
        }
    }

    private static LiveChannels channelsTo(List<Server> servers) {
        String list = String.join(",", servers.stream().map(s -> "127.0.0.1:" + s.getPort()).toList());
        return new LiveChannels(list, list, list, Duration.ofSeconds(10), Duration.ofSeconds(10));
    }
}
