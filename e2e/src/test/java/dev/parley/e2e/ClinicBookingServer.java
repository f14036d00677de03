package dev.parley.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The BrightSmile clinic's booking system, as the brightsmile tenant's {@code book_appointment} webhook reaches it: a
 * real HTTP server on a random loopback port that checks Parley's request signature the way dialogue-service/README.md
 * tells a tenant to, takes its time ({@code delay}), and books a known patient into the first open check-up, once per
 * patient. Demo data: clinic/appointments.json.
 */
final class ClinicBookingServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TOLERANCE_SECONDS = 300;

    /** One booking request: when it arrived and when it was answered (System.nanoTime()), and its signature. */
    record Booking(long receivedNanos, long answeredNanos, boolean signed, String patient, int status) {
    }

    private final HttpServer server;
    private final java.util.concurrent.ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "clinic-booking");
        t.setDaemon(true);
        return t;
    });
    private final String secret;
    private final Duration delay;
    private final Map<String, String> patients = new HashMap<>();
    private final Deque<Map<String, String>> openSlots = new ArrayDeque<>();
    private final Map<String, Map<String, String>> bookings = new HashMap<>();
    private final List<Booking> requests = new CopyOnWriteArrayList<>();

    ClinicBookingServer(Duration delay) throws IOException {
        this.delay = delay;
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        this.secret = HexFormat.of().formatHex(key);
        readDemoData();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/appointments", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/appointments";
    }

    /** What dialogue-service needs to call this clinic for the brightsmile tenant: the URL and the shared secret. */
    Map<String, String> tenantEnv() {
        return Map.of("PARLEY_BRIGHTSMILE_BOOKING_URL", url(), "PARLEY_TOOL_SECRET_BRIGHTSMILE", secret);
    }

    List<Booking> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        long received = System.nanoTime();
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean signed = verify(exchange.getRequestHeaders().getFirst("X-Parley-Signature"),
                    new String(body, StandardCharsets.UTF_8));
            if (!"POST".equals(exchange.getRequestMethod()) || !signed) {
                answer(exchange, received, signed, null, 401, "{\"error\":\"unsigned\"}");
                return;
            }
            String patient = JSON.readTree(body).at("/arguments/patient").asText();
            Thread.sleep(delay.toMillis());
            Map<String, String> booking;
            synchronized (this) {
                booking = book(patient);
            }
            if (booking == null) {
                answer(exchange, received, true, patient, 404, "{\"found\":false}");
                return;
            }
            ObjectNode out = JSON.createObjectNode().put("found", true);
            booking.forEach(out::put);
            answer(exchange, received, true, patient, 200, out.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<String, String> book(String patient) {
        String name = patients.get(patient);
        if (name == null) {
            return null;
        }
        return bookings.computeIfAbsent(patient, p -> {
            Map<String, String> slot = openSlots.pollFirst();
            if (slot == null) {
                return null;
            }
            Map<String, String> b = new HashMap<>(slot);
            b.put("name", name);
            return Map.copyOf(b);
        });
    }

    private void answer(HttpExchange exchange, long received, boolean signed, String patient, int status, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        requests.add(new Booking(received, System.nanoTime(), signed, patient, status));
    }

    /** {@code X-Parley-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>}. */
    private boolean verify(String header, String body) {
        if (header == null) {
            return false;
        }
        Map<String, String> parts = new HashMap<>();
        for (String part : header.split(",")) {
            String[] kv = part.strip().split("=", 2);
            if (kv.length == 2) {
                parts.put(kv[0], kv[1]);
            }
        }
        try {
            long t = Long.parseLong(parts.getOrDefault("t", "-1"));
            if (Math.abs(System.currentTimeMillis() / 1000 - t) > TOLERANCE_SECONDS || !parts.containsKey("v1")) {
                return false;
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(parts.get("v1")));
        } catch (Exception e) {
            return false;
        }
    }

    private void readDemoData() throws IOException {
        try (InputStream in = ClinicBookingServer.class.getResourceAsStream("/clinic/appointments.json")) {
            JsonNode root = JSON.readTree(in);
            root.get("patients").fields().forEachRemaining(e -> patients.put(e.getKey(),
                    e.getValue().path("name").asText()));
            for (JsonNode slot : root.get("openSlots")) {
                openSlots.add(Map.of("day", slot.get("day").asText(), "time", slot.get("time").asText(),
                        "dentist", slot.get("dentist").asText()));
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
