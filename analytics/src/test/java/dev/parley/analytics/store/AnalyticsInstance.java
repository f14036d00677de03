package dev.parley.analytics.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One analytics instance as it runs in production: the packaged application ({@code quarkus-run.jar}) in its own JVM,
 * on its own port and state directory, advertising {@code 127.0.0.1:<port>} to the other instances.
 */
final class AnalyticsInstance implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    final Path stateDir;
    private final Path log;
    private final Process process;

    private AnalyticsInstance(String name, int port, Path stateDir, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.stateDir = stateDir;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code jar} with the shipped configuration plus {@code env} (keys, Kafka, partitions…). */
    static AnalyticsInstance start(String name, Path jar, Path workDir, Map<String, String> env,
                                   List<String> systemProperties) throws IOException {
        int port = freePort();
        Path log = workDir.resolve(name + ".log");
        Path stateDir = workDir.resolve(name + "-state");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1"));
        command.addAll(systemProperties);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_KAFKA_STREAMS_APPLICATION_SERVER", "127.0.0.1:" + port);
        builder.environment().put("KAFKA_STREAMS_STATE_DIR", stateDir.toString());
        return new AnalyticsInstance(name, port, stateDir, log, builder.start());
    }

    /** GET {@code path} with {@code headers} (name, value, …). */
    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    boolean ready() {
        try {
            return process.isAlive() && get("/q/health/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops it the way Kubernetes does (SIGTERM), waiting for a clean shutdown. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    @Override
    public String toString() {
        return name + " (127.0.0.1:" + port + ")";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
