package dev.parley.stt.warmup;

import dev.parley.contracts.stt.v1.RecognizeRequest;
import dev.parley.contracts.stt.v1.RecognizeResponse;
import dev.parley.contracts.stt.v1.SpeechToTextGrpc;
import dev.parley.contracts.stt.v1.Transcript;
import dev.parley.stt.support.SttClient;
import dev.parley.stt.support.TestAudio;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
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

/**
 * First stream after a fresh start, with and without the warm-up: per start, the time from a stream's first audio to
 * its flush's final, for the first stream and the next five, audio sent as fast as flow control lets it (so the
 * figure is the service's own work on the utterance, which a cold start makes longer).
 * Needs the packaged service and the models: {@code ./mvnw -o -q -pl stt-service package -DskipTests}, then
 * {@code java -cp "stt-service/target/test-classes:$(cat cp.txt)" dev.parley.stt.warmup.FirstStreamBenchmark [starts]}
 * from the repository root (cp.txt from {@code dependency:build-classpath -Dmdep.outputFile=cp.txt}). Prints
 * figures, asserts nothing: timings vary about 2x on a busy machine.
 */
public final class FirstStreamBenchmark {
    private static final int STREAMS = 6;

    public static void main(String[] args) throws Exception {
        int starts = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path root = Path.of("").toAbsolutePath();
        Path module = root.resolve("stt-service");
        short[] speech = WarmupSpeech.flite("flite", "Could you tell me when you are open on Saturday?");
        List<byte[]> chunks = TestAudio.chunks(speech, 16_000, 32);
        warmThisClient(chunks);
        for (boolean warm : new boolean[]{false, true}) {
            List<Double> firsts = new ArrayList<>();
            List<Double> laters = new ArrayList<>();
            for (int s = 1; s <= starts; s++) {
                Path log = Files.createTempFile("stt-bench", ".log");
                try (ServiceProcess service = ServiceProcess.start(module, Map.of(
                        "parley.warmup.enabled", String.valueOf(warm),
                        "parley.models.dir", root.resolve("models/target/models").toString(),
                        "parley.events.enabled", "false", "quarkus.otel.sdk.disabled", "true"), log,
                        Duration.ofMinutes(4));
                     SttClient client = new SttClient(service.port)) {
                    List<Double> ms = new ArrayList<>();
                    for (int i = 0; i < STREAMS; i++) {
                        ms.add(flushToFinal(client, chunks, "bench-" + s + "-" + i));
                    }
                    firsts.add(ms.get(0));
                    laters.add(median(ms.subList(1, ms.size())));
                    System.out.printf("BENCH stt warmup=%s start=%d ready=%.1fs first=%.0fms later(median of %d)=%.0fms"
                            + " all=%s%n", warm ? "on" : "off", s, service.readyMillis / 1000.0, ms.get(0),
                            STREAMS - 1, laters.get(laters.size() - 1), rounded(ms));
                }
                Files.deleteIfExists(log);
            }
            System.out.printf("BENCH stt warmup=%s median over %d starts: first=%.0fms later=%.0fms%n",
                    warm ? "on" : "off", starts, median(firsts), median(laters));
        }
    }

    /**
     * Runs this benchmark's own gRPC client code against an in-process stand-in first, so "first stream" measures
     * the service's coldness and not the benchmark JVM's (a gateway's warm-up warms its client side the same way).
     */
    private static void warmThisClient(List<byte[]> chunks) throws Exception {
        // A service definition, not a *ImplBase subclass: Quarkus would take one in the test classes for a service.
        ServerServiceDefinition service = ServerServiceDefinition.builder(SpeechToTextGrpc.getServiceDescriptor())
                .addMethod(SpeechToTextGrpc.getRecognizeMethod(), ServerCalls.asyncBidiStreamingCall(
                        out -> new StreamObserver<RecognizeRequest>() {
                            @Override
                            public void onNext(RecognizeRequest r) {
                                if (r.hasFlush()) {
                                    out.onNext(RecognizeResponse.newBuilder().setFinal(Transcript.newBuilder()
                                            .setText("ok").setFlushSeq(r.getFlush().getSeq())).build());
                                }
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
        try (SttClient client = new SttClient(standIn.getPort())) {
            for (int i = 0; i < 30; i++) {
                flushToFinal(client, chunks, "client-warmup-" + i);
            }
        } finally {
            standIn.shutdownNow();
        }
    }

    /** Streams the utterance, flushes, returns ms from the first audio sent to the flush's final. */
    private static double flushToFinal(SttClient client, List<byte[]> chunks, String callId) throws Exception {
        SttClient.Call call = client.open().config("acme", callId, 16_000);
        long started = System.nanoTime();
        call.audio(chunks).flush(1);
        Transcript t = call.awaitFlushFinal(1);
        double ms = (System.nanoTime() - started) / 1e6;
        call.complete();
        call.awaitEnd();
        if (t.getText().isEmpty() && call.finals().stream().allMatch(f -> f.getText().isEmpty())) {
            throw new IllegalStateException("nothing recognized in " + callId);
        }
        return ms;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static List<Long> rounded(List<Double> ms) {
        return ms.stream().map(Math::round).toList();
    }
}
