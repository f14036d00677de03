package dev.parley.dialogue.warmup;

import dev.parley.contracts.dialogue.v1.CallStart;
import dev.parley.contracts.dialogue.v1.DialogueGrpc;
import dev.parley.contracts.dialogue.v1.DialogueRequest;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.dialogue.v1.UserTurn;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * First call after a fresh start, with and without the warm-up: per start, ten acme calls over gRPC (a fresh
 * channel each, as a newly started gateway would have), timing the greeting's and the first answer's first text.
 * Needs the packaged service: {@code ./mvnw -o -q -pl dialogue-service package -DskipTests}, then
 * {@code java -cp "dialogue-service/target/test-classes:$(cat cp.txt)" dev.parley.dialogue.warmup.FirstCallBenchmark
 * [starts]} from the repository root (cp.txt from {@code dependency:build-classpath -Dmdep.outputFile=cp.txt}).
 * Prints figures, asserts nothing: timings vary about 2x on a busy machine.
 */
public final class FirstCallBenchmark {
    private static final int CALLS = 10;

    public static void main(String[] args) throws Exception {
        int starts = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path root = Path.of("").toAbsolutePath();
        warmThisClient();
        for (boolean warm : new boolean[]{false, true}) {
            List<double[]> firsts = new ArrayList<>();
            List<double[]> laters = new ArrayList<>();
            for (int s = 1; s <= starts; s++) {
                Path log = Files.createTempFile("dialogue-bench", ".log");
                try (ServiceProcess service = ServiceProcess.start(root.resolve("dialogue-service"), Map.of(
                        "parley.warmup.enabled", String.valueOf(warm),
                        "parley.tenants.dir", root.resolve("tenants").toString(),
                        "parley.events.enabled", "false", "quarkus.otel.sdk.disabled", "true"), log,
                        Duration.ofMinutes(4))) {
                    List<double[]> calls = new ArrayList<>();
                    for (int i = 0; i < CALLS; i++) {
                        calls.add(call(service.port, "bench-" + s + "-" + i, 200));
                    }
                    double[] later = {median(calls.subList(1, CALLS), 0), median(calls.subList(1, CALLS), 1)};
                    firsts.add(calls.get(0));
                    laters.add(later);
                    System.out.printf("BENCH dialogue warmup=%s start=%d ready=%.1fs first call: greeting=%.0fms "
                            + "answer=%.0fms; later calls (median of %d): greeting=%.0fms answer=%.0fms%n",
                            warm ? "on" : "off", s, service.readyMillis / 1000.0, calls.get(0)[0], calls.get(0)[1],
                            CALLS - 1, later[0], later[1]);
                }
                Files.deleteIfExists(log);
            }
            System.out.printf("BENCH dialogue warmup=%s median over %d starts: first call greeting=%.0fms answer=%.0fms;"
                    + " later calls greeting=%.0fms answer=%.0fms%n", warm ? "on" : "off", starts,
                    median(firsts, 0), median(firsts, 1), median(laters, 0), median(laters, 1));
        }
    }

    /**
     * Runs this benchmark's own gRPC client code against an in-process stand-in first, so "first call" measures the
     * service's coldness and not the benchmark JVM's (a gateway's warm-up warms its client side the same way).
     */
    private static void warmThisClient() throws Exception {
        // A service definition, not a *ImplBase subclass: Quarkus would take one in the test classes for a service.
        ServerServiceDefinition service = ServerServiceDefinition.builder(DialogueGrpc.getServiceDescriptor())
                .addMethod(DialogueGrpc.getConverseMethod(), ServerCalls.asyncBidiStreamingCall(
                        out -> new StreamObserver<DialogueRequest>() {
                            @Override
                            public void onNext(DialogueRequest r) {
                                long turn = r.hasUserTurn() ? r.getUserTurn().getTurnId() : 0;
                                out.onNext(DialogueResponse.newBuilder().setTurnId(turn).setTextDelta("ok").build());
                            }

                            @Override
                            public void onError(Throwable t) {
                            }

                            @Override
                            public void onCompleted() {
                                out.onCompleted();
                            }
                        })).build();
        Server standIn = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service)
                .build().start();
        try {
            for (int i = 0; i < 30; i++) {
                call(standIn.getPort(), "client-warmup-" + i, 0);
            }
        } finally {
            standIn.shutdownNow();
        }
    }

    /** One call: ms to the greeting's first text after start, and to the answer's first text after the turn. */
    private static double[] call(int port, String callId, long pauseMs) throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            Map<Long, CompletableFuture<Long>> firstText = new ConcurrentHashMap<>();
            firstText.put(0L, new CompletableFuture<>());
            firstText.put(1L, new CompletableFuture<>());
            StreamObserver<DialogueRequest> requests = DialogueGrpc.newStub(channel).converse(new StreamObserver<>() {
                @Override
                public void onNext(DialogueResponse r) {
                    CompletableFuture<Long> f = firstText.get(r.getTurnId());
                    if (f != null && r.hasTextDelta()) {
                        f.complete(System.nanoTime());
                    }
                }

                @Override
                public void onError(Throwable t) {
                    firstText.values().forEach(f -> f.completeExceptionally(t));
                }

                @Override
                public void onCompleted() {
                }
            });
            long started = System.nanoTime();
            requests.onNext(DialogueRequest.newBuilder().setStart(CallStart.newBuilder().setTenantId("acme")
                    .setCallId(callId)).build());
            double greeting = (firstText.get(0L).get(30, TimeUnit.SECONDS) - started) / 1e6;
            Thread.sleep(pauseMs);
            long asked = System.nanoTime();
            requests.onNext(DialogueRequest.newBuilder().setUserTurn(UserTurn.newBuilder().setTurnId(1)
                    .setText("are you open on saturdays").setConfidence(0.9f)).build());
            double answer = (firstText.get(1L).get(30, TimeUnit.SECONDS) - asked) / 1e6;
            requests.onCompleted();
            return new double[]{greeting, answer};
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static double median(List<double[]> rows, int column) {
        List<Double> sorted = new ArrayList<>(rows.stream().map(r -> r[column]).toList());
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
