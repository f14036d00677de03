package dev.parley.tts.session;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Waits until the service under test reports ready (its warm-up runs in the background after startup). */
final class AwaitReady {
    private AwaitReady() {
    }

    /** The readiness body once it is UP; fails with the last body if it is not within {@code timeout}. */
    static String await(URL base, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI ready = URI.create(base.toString().replaceAll("/$", "") + "/q/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(ready).build(),
                    HttpResponse.BodyHandlers.ofString());
            body = r.body();
            if (r.statusCode() == 200) {
                return body;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not ready within " + timeout + ": " + body);
    }
}
