package dev.parley.e2e.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's heap after a full GC: {@code jcmd <pid> GC.run}, then the heap pools' used bytes from its Micrometer
 * metrics. A forced GC pauses the gateway for a few ms, so it is only taken at chosen moments, not during turns.
 */
final class GatewayHeap {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final long pid;
    private final URI gateway;

    GatewayHeap(long pid, URI gatewayHttp) {
        this.pid = pid;
        this.gateway = gatewayHttp;
    }

    long afterGcBytes() throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true).start();
        jcmd.getInputStream().readAllBytes();
        if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " GC.run failed");
        }
        // Micrometer reads the pools when scraped: the figure is the heap right after the collection.
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(gateway.resolve("/q/metrics"))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        long used = 0;
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        if (used == 0) {
            throw new IOException(gateway + "/q/metrics has no heap jvm_memory_used_bytes");
        }
        return used;
    }
}
