package dev.parley.e2e.clinic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The clinic's post-call webhook, as a tenant should write one: checks Parley's signature, and keeps one analysis per
 * Idempotency-Key however often it is delivered. To show that deliveries are retried it answers the first
 * {@code failFirst} deliveries of each key with 503, as a receiver that is briefly down would.
 */
final class PostCallInbox {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One delivery: its key, whether its signature held, and the status it got. */
    record Delivery(String idempotencyKey, boolean signed, int status) {
    }

    private final SignatureCheck signatures;
    private final int failFirst;
    private final Consumer<String> log;
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> analyses = new ConcurrentHashMap<>();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    PostCallInbox(SignatureCheck signatures, int failFirst, Consumer<String> log) {
        this.signatures = signatures;
        this.failFirst = failFirst;
        this.log = log;
    }

    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            if (!"POST".equals(exchange.getRequestMethod())) {
                answer(exchange, new Delivery(key, false, 405), "only POST");
                return;
            }
            Optional<String> unsigned = signatures.problem(exchange.getRequestHeaders().getFirst("X-Parley-Signature"),
                    body, System.currentTimeMillis() / 1000);
            if (unsigned.isPresent()) {
                answer(exchange, new Delivery(key, false, 401), unsigned.get());
                return;
            }
            if (key == null || key.isBlank()) {
                answer(exchange, new Delivery(null, true, 400), "no Idempotency-Key");
                return;
            }
            if (attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() <= failFirst) {
                answer(exchange, new Delivery(key, true, 503), "down for now (attempt "
                        + attempts.get(key).get() + " of this key)");
                return;
            }
            JsonNode analysis;
            try {
                analysis = JSON.readTree(body);
            } catch (IOException e) {
                answer(exchange, new Delivery(key, true, 400), "not JSON");
                return;
            }
            boolean repeat = analyses.putIfAbsent(key, analysis) != null;
            answer(exchange, new Delivery(key, true, 200), repeat ? "a repeat: already kept, not kept again"
                    : "kept the analysis of call " + analysis.path("callId").asText());
        }
    }

    /** The analyses kept, one per Idempotency-Key. */
    Map<String, JsonNode> analyses() {
        return Map.copyOf(analyses);
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    private void answer(HttpExchange exchange, Delivery delivery, String what) throws IOException {
        deliveries.add(delivery);
        log.accept(String.format("POST %s Idempotency-Key %s, signature %s -> %d: %s", DemoClinic.POST_CALL_PATH,
                delivery.idempotencyKey(), delivery.signed() ? "valid" : "refused", delivery.status(), what));
        byte[] bytes = JSON.createObjectNode().put("status", what).toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(delivery.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
