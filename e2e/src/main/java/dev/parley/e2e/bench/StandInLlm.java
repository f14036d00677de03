package dev.parley.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible chat-completions server standing in for a model, written from OpenAI's documented streaming
 * format ({@code POST /v1/chat/completions} with {@code "stream": true}: server-sent events
 * {@code data: {"choices":[{"index":0,"delta":{"content":"…"}}]}}, a last chunk with {@code finish_reason}, then
 * {@code data: [DONE]}). It answers after a fixed time to the first token and then streams one word at a fixed
 * rate, as a hosted model (40 words/s) or a CPU-hosted one (7 words/s) would; the rate can change between phases.
 * A question about shipping and returns gets a long answer (still streaming when a caller cuts in), anything else a
 * short one. It counts streams that were still sending when the client went away.
 */
final class StandInLlm implements AutoCloseable {
    /** Said to "tell me about shipping and returns": long enough to still be streaming seconds into playback. */
    static final String LONG_ANSWER = "Shipping is free on every order over fifty dollars, and otherwise it costs five"
            + " dollars. Standard delivery takes three to five business days, and express delivery takes one or two"
            + " days for an extra ten dollars. You can track every parcel from the link in your confirmation email."
            + " If something is not right, you can return any item within thirty days of delivery for a full refund,"
            + " as long as it is unused and in its original packaging. Print the free return label from your account,"
            + " drop the parcel at any post office, and we will refund you within five days of receiving it."
            + " Exchanges work the same way, and we ship the new item as soon as the return is scanned.";
    /** Said to anything else; its last word tells whether the caller heard it to the end. */
    static final String SHORT_ANSWER = "We are open Monday to Friday, from nine in the morning to six in the evening."
            + " We are closed on weekends and public holidays.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final long firstTokenMs;
    private volatile double wordsPerSecond;
    private final AtomicInteger cutOffWhileStreaming = new AtomicInteger();
    private final AtomicInteger streams = new AtomicInteger();
    private volatile boolean streaming;

    StandInLlm(int port, long firstTokenMs, double wordsPerSecond) throws IOException {
        this.firstTokenMs = firstTokenMs;
        this.wordsPerSecond = wordsPerSecond;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/v1/chat/completions", this::complete);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stand-in-llm");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void wordsPerSecond(double rate) {
        this.wordsPerSecond = rate;
    }

    double wordsPerSecond() {
        return wordsPerSecond;
    }

    long firstTokenMs() {
        return firstTokenMs;
    }

    /** Whether an answer is being streamed right now (the caller cut in while the model was still talking). */
    boolean streaming() {
        return streaming;
    }

    int streams() {
        return streams.get();
    }

    /** Streams the client abandoned before their last word (a barge-in cancelling the request). */
    int cutOffWhileStreaming() {
        return cutOffWhileStreaming.get();
    }

    static String answerTo(String question) {
        String q = question.toLowerCase(Locale.ROOT);
        return q.contains("shipping") || q.contains("return") ? LONG_ANSWER : SHORT_ANSWER;
    }

    private void complete(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            JsonNode messages = request.path("messages");
            String question = "";
            for (JsonNode message : messages) {
                if (message.path("role").asText().equals("user")) {
                    question = message.path("content").asText("");
                }
            }
            String answer = answerTo(question);
            sleep(firstTokenMs);
            if (!request.path("stream").asBoolean(false)) {
                ObjectNode body = JSON.createObjectNode();
                body.put("id", "chatcmpl-standin").put("object", "chat.completion").put("model", "stand-in");
                body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
                        .putObject("message").put("role", "assistant").put("content", answer);
                byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
                return;
            }
            stream(exchange, answer);
        }
    }

    private void stream(HttpExchange exchange, String answer) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        streams.incrementAndGet();
        streaming = true;
        OutputStream out = exchange.getResponseBody();
        String[] words = answer.split(" ");
        try {
            send(out, chunk("", true, null));
            for (int i = 0; i < words.length; i++) {
                if (i > 0) {
                    sleep((long) (1000 / wordsPerSecond));
                }
                send(out, chunk((i == 0 ? "" : " ") + words[i], false, null));
            }
            send(out, chunk(null, false, "stop"));
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException clientWentAway) {
            cutOffWhileStreaming.incrementAndGet();
        } finally {
            streaming = false;
        }
    }

    private static String chunk(String content, boolean role, String finishReason) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "chatcmpl-standin").put("object", "chat.completion.chunk")
                .put("created", TimeUnit.MILLISECONDS.toSeconds(System.currentTimeMillis())).put("model", "stand-in");
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (role) {
            delta.put("role", "assistant");
        }
        if (content != null) {
            delta.put("content", content);
        }
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return body.toString();
    }

    private static void send(OutputStream out, String json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
