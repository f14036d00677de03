package dev.parley.stt.support;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Plain HTTP GET against the test server (health and metrics endpoints). */
public final class HttpGet {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private HttpGet() {
    }

    public static HttpResponse<String> get(URL server, String path) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.getPort() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The value of one Prometheus sample line starting with {@code series}, or 0 when absent. */
    public static double metric(URL server, String series) {
        for (String line : get(server, "/q/metrics").body().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }
}
