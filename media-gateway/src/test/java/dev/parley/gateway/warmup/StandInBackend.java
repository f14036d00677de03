package dev.parley.gateway.warmup;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server on a free port answering the standard health check, standing in for stt, dialogue and tts (each
 * service serves that check on its gRPC port); the gateway's three clients are pointed at it.
 */
public class StandInBackend implements QuarkusTestResourceLifecycleManager {
    private Server server;

    @Override
    public Map<String, String> start() {
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(serving()).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String port = String.valueOf(server.getPort());
        String address = "127.0.0.1:" + port;
        return Map.of("parley.backends.stt", address, "parley.backends.dialogue", address,
                "parley.backends.tts", address);
    }

    /** The standard health check, always SERVING. */
    static HealthGrpc.HealthImplBase serving() {
        return new HealthGrpc.HealthImplBase() {
            @Override
            public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> out) {
                out.onNext(HealthCheckResponse.newBuilder()
                        .setStatus(HealthCheckResponse.ServingStatus.SERVING).build());
                out.onCompleted();
            }
        };
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
            try {
                server.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
