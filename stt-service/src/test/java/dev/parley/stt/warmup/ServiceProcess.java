package dev.parley.stt.warmup;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The packaged service (target/quarkus-app) as a fresh JVM on a free port, for start-up benchmarks. */
final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final int port;
    final long readyMillis;
    private final Process process;

    private ServiceProcess(int port, long readyMillis, Process process) {
        this.port = port;
        this.readyMillis = readyMillis;
        this.process = process;
    }

    /** Starts {@code moduleDir}'s quarkus-run.jar with these system properties and waits until it is ready. */
    static ServiceProcess start(Path moduleDir, Map<String, String> properties, Path log, Duration timeout)
            throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("java", "-Dquarkus.http.port=" + port));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        long started = System.nanoTime();
        Process p = new ProcessBuilder(command).directory(moduleDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        // A benchmark stopped half-way must not leave a service behind.
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        long deadline = started + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("service exited with " + p.exitValue() + "; see " + log);
            }
            if (ready(port)) {
                return new ServiceProcess(port, (System.nanoTime() - started) / 1_000_000, p);
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new IllegalStateException("not ready in " + timeout + "; see " + log);
    }

    private static boolean ready(int port) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
