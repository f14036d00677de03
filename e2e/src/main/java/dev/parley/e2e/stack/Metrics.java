package dev.parley.e2e.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads a service's Prometheus metrics ({@code /q/metrics}), as a scraper would. */
public final class Metrics {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Metrics() {
    }

    /** The sum over all series of {@code name} (a Prometheus metric name, e.g. {@code parley_events_pending}). */
    public static double sum(URI serviceBase, String name) throws IOException, InterruptedException {
        return sum(serviceBase, name, new String[0]);
    }

    /**
     * The sum over the series of {@code name} that carry every one of {@code labels} ({@code stage="stt"}); 0 when
     * none does yet (a counter appears with its first increment).
     */
    public static double sumWhere(URI serviceBase, String name, String... labels)
            throws IOException, InterruptedException {
        try {
            return sum(serviceBase, name, labels);
        } catch (NoSuchMetric absent) {
            return 0;
        }
    }

    /** Thrown when a service exports no series of a metric. */
    public static final class NoSuchMetric extends IOException {
        NoSuchMetric(String message) {
            super(message);
        }
    }

    private static double sum(URI serviceBase, String name, String[] labels) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(serviceBase.resolve("/q/metrics"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + request.uri() + " answered " + response.statusCode());
        }
        double sum = 0;
        boolean found = false;
        for (String line : response.body().split("\n")) {
            if ((line.startsWith(name + " ") || line.startsWith(name + "{")) && hasAll(line, labels)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        if (!found) {
            throw new NoSuchMetric(request.uri() + " has no metric " + name + (labels.length == 0 ? ""
                    : " with " + String.join(",", labels)));
        }
        return sum;
    }

    private static boolean hasAll(String line, String[] labels) {
        int end = line.indexOf('}');
        String set = end < 0 ? "" : line.substring(0, end);
        for (String label : labels) {
            if (!set.contains(label)) {
                return false;
            }
        }
        return true;
    }
}
