package dev.parley.dialogue.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The BrightSmile clinic's booking system as its webhook serves it: books a known patient into the first open
 * check-up, once per patient (asking again returns the same booking), 404 for an unknown patient, 401 for a request
 * whose signature does not check out. Can be made slow, or held until the test releases it.
 */
public final class ClinicWebhook implements AutoCloseable {

    public static final String SECRET = "clinic-test-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookServer server;
    private final Map<String, String> patients = Map.of("482913", "Maria", "550012", "Tom", "731104", "Priya");
    private final Deque<Map<String, String>> openSlots = new ArrayDeque<>(List.of(
            Map.of("day", "Tuesday", "time", "10 am", "dentist", "Doctor Patel"),
            Map.of("day", "Wednesday", "time", "2 pm", "dentist", "Doctor Nguyen"),
            Map.of("day", "Thursday", "time", "9 am", "dentist", "Doctor Patel")));
    private final Map<String, Map<String, String>> bookings = new HashMap<>();
    private volatile long delayMillis;
    private volatile Semaphore gate;
    /** Requests that reached the booking logic (signed ones). */
    public final AtomicInteger bookingRequests = new AtomicInteger();

    public ClinicWebhook() throws IOException {
        server = new WebhookServer(SECRET, this::handle);
    }

    public String url() {
        return server.url("/appointments");
    }

    public WebhookServer server() {
        return server;
    }

    public ClinicWebhook delay(long millis) {
        delayMillis = millis;
        return this;
    }

    /** Holds every answer until {@link #release()}. */
    public ClinicWebhook hold() {
        gate = new Semaphore(0);
        return this;
    }

    public void release() {
        gate.release(100);
    }

    /** The environment a tenant needs to reach this clinic: its URL and the signing secret. */
    public Map<String, String> env() {
        return Map.of("PARLEY_BRIGHTSMILE_BOOKING_URL", url(), "PARLEY_TOOL_SECRET_BRIGHTSMILE", SECRET);
    }

    private void handle(HttpExchange exchange, WebhookServer.Received request) throws IOException,
            InterruptedException {
        if (!request.signed()) {
            WebhookServer.send(exchange, 401, "{\"error\":\"bad signature\"}");
            return;
        }
        bookingRequests.incrementAndGet();
        if (delayMillis > 0) {
            Thread.sleep(delayMillis);
        }
        Semaphore g = gate;
        if (g != null) {
            g.acquire();
        }
        JsonNode body = JSON.readTree(request.body());
        String patient = body.at("/arguments/patient").asText();
        Map<String, String> booking;
        synchronized (this) {
            String name = patients.get(patient);
            if (name == null) {
                WebhookServer.send(exchange, 404, "{\"error\":\"no such patient\"}");
                return;
            }
            booking = bookings.get(patient);
            if (booking == null) {
                Map<String, String> slot = openSlots.pollFirst();
                if (slot == null) {
                    WebhookServer.send(exchange, 409, "{\"error\":\"no open slots\"}");
                    return;
                }
                booking = new HashMap<>(slot);
                booking.put("name", name);
                bookings.put(patient, Map.copyOf(booking));
            }
        }
        ObjectNode answer = JSON.createObjectNode().put("found", true);
        booking.forEach(answer::put);
        WebhookServer.send(exchange, 200, answer.toString());
    }

    @Override
    public void close() {
        if (gate != null) {
            gate.release(100);
        }
        server.close();
    }
}
