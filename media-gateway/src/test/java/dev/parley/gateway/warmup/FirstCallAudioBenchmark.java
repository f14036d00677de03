package dev.parley.gateway.warmup;

import dev.parley.audio.MuLaw;
import dev.parley.audio.Resampler;
import dev.parley.gateway.inbound.InboundAudio;
import dev.parley.gateway.vad.SileroVad;
import dev.parley.gateway.vad.VadStream;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the gateway's first call pays in a fresh JVM, with and without the warm-up: its first second of caller audio
 * through μ-law, resampling and Silero VAD, and its first RPC on a backend channel (a health check against a
 * stand-in server in the parent JVM). Each start is a new JVM. From the repository root:
 * {@code java -cp "media-gateway/target/test-classes:media-gateway/target/classes:$(cat cp.txt)"
 * -Dparley.models.dir=models/target/models dev.parley.gateway.warmup.FirstCallAudioBenchmark [starts]}.
 * Prints figures, asserts nothing.
 */
public final class FirstCallAudioBenchmark {

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("once")) {
            once(Boolean.parseBoolean(args[1]), Integer.parseInt(args[2]));
            return;
        }
        int starts = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new HealthGrpc.HealthImplBase() {
                    @Override
                    public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> out) {
                        out.onNext(HealthCheckResponse.newBuilder()
                                .setStatus(HealthCheckResponse.ServingStatus.SERVING).build());
                        out.onCompleted();
                    }
                }).build().start();
        try {
            for (boolean warm : new boolean[]{false, true}) {
                for (int s = 1; s <= starts; s++) {
                    Process p = new ProcessBuilder("java", "-cp", System.getProperty("java.class.path"),
                            "-Dparley.models.dir=" + System.getProperty("parley.models.dir"),
                            FirstCallAudioBenchmark.class.getName(), "once", String.valueOf(warm),
                            String.valueOf(server.getPort())).inheritIO().start();
                    p.waitFor();
                }
            }
        } finally {
            server.shutdownNow();
        }
    }

    private static void once(boolean warm, int port) throws Exception {
        SileroVad vad = new SileroVad(Path.of(System.getProperty("parley.models.dir")));
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        long warmupMs = 0;
        if (warm) {
            long t = System.nanoTime();
            AudioPathWarmup.run(vad, 600);
            BackendChannels.connect(channel, System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
            warmupMs = (System.nanoTime() - t) / 1_000_000;
        }
        // The first second of a call: fifty 20 ms μ-law chunks, each decoded, upsampled and VAD-scored.
        byte[] ulaw = MuLaw.encode(Resampler.convert(AudioPathWarmup.callerAudio(16_000), 16_000, 8_000));
        VadStream stream = vad.newStream();
        InboundAudio inbound = new InboundAudio();
        List<Double> chunkMs = new ArrayList<>();
        for (int off = 0; off < ulaw.length; off += 160) {
            long t = System.nanoTime();
            inbound.pushMuLaw(Arrays.copyOfRange(ulaw, off, off + 160), stream::probability);
            chunkMs.add((System.nanoTime() - t) / 1e6);
        }
        long t = System.nanoTime();
        HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance());
        double rpcMs = (System.nanoTime() - t) / 1e6;
        double second = chunkMs.stream().mapToDouble(Double::doubleValue).sum();
        System.out.printf("BENCH gateway warmup=%s (took %d ms): first second of caller audio=%.1fms (first chunk "
                        + "%.1fms, last %.2fms); first backend RPC=%.1fms%n", warm ? "on" : "off", warmupMs, second,
                chunkMs.get(0), chunkMs.get(chunkMs.size() - 1), rpcMs);
        channel.shutdownNow();
        vad.close();
    }
}
