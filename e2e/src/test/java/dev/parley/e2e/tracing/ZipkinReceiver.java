package dev.parley.e2e.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * A real HTTP receiver of Zipkin JSON v2 ({@code POST /api/v2/spans}), what the services' exporters send to a
 * Zipkin server: the spans as they left the services, for a test to read back as trees.
 */
public final class ZipkinReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new ArrayList<>();
    private int badPosts;

    private ZipkinReceiver(HttpServer server) {
        this.server = server;
    }

    public static ZipkinReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ZipkinReceiver receiver = new ZipkinReceiver(server);
        server.createContext("/api/v2/spans", receiver::handle);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        return receiver;
    }

    /** The base URI, as a Zipkin server's. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public synchronized List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    public synchronized int badPosts() {
        return badPosts;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            List<ReceivedSpan> received = new ArrayList<>();
            try (InputStream body = body(exchange)) {
                for (JsonNode span : JSON.readTree(body)) {
                    received.add(parse(span));
                }
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    badPosts++;
                }
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            synchronized (this) {
                spans.addAll(received);
            }
            exchange.sendResponseHeaders(202, -1);
        }
    }

    private static InputStream body(HttpExchange exchange) throws IOException {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        InputStream in = exchange.getRequestBody();
        return "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(in) : in;
    }

    private static ReceivedSpan parse(JsonNode span) {
        Map<String, String> tags = new HashMap<>();
        span.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        String parent = span.path("parentId").asText("");
        return new ReceivedSpan(span.path("traceId").asText(), span.path("id").asText(),
                parent.isEmpty() ? null : parent, span.path("name").asText(), span.path("kind").asText(""),
                span.path("localEndpoint").path("serviceName").asText(), span.path("timestamp").asLong(),
                span.path("duration").asLong(), Map.copyOf(tags));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
