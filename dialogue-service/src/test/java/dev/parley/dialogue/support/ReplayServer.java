package dev.parley.dialogue.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real HTTP server on a random loopback port that answers each request with the next queued script, replaying a
 * provider's documented wire format byte for byte (chunk boundaries included), and records what it was sent. It also
 * notices when a client goes away mid-stream, which is how tests prove a cancelled turn released its connection.
 */
public final class ReplayServer implements AutoCloseable {

    /** What the server does with one request. */
    public interface Script {
        void play(HttpExchange exchange, ReplayServer server) throws IOException, InterruptedException;
    }

    /** A one-shot script for the first request whose body matches, ahead of the queue (for background requests). */
    private record Rule(Predicate<JsonNode> matches, Script script) {
    }

    /** A request as received. */
    public record Received(String path, String authorization, String apiKey, String anthropicVersion, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK server otherwise sends headers and body as two small segments, and Nagle plus the client's delayed
        // ACK add ~40 ms to every answer: not a figure of ours. Read once, by the JVM's first HttpServer.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "replay-server");
        t.setDaemon(true);
        return t;
    });
    private final BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** Counted down each time a client disconnects from a stream the server was still writing. */
    public final CountDownLatch clientGone = new CountDownLatch(1);

    public ReplayServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (exchange) {
                JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
                received.add(new Received(exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst("x-api-key"),
                        exchange.getRequestHeaders().getFirst("anthropic-version"), body));
                Script script = null;
                for (Rule rule : rules) {
                    if (rule.matches().test(body) && rules.remove(rule)) {
                        script = rule.script();
                        break;
                    }
                }
                if (script == null) {
                    script = scripts.poll();
                }
                if (script == null) {
                    byte[] msg = "{\"error\":{\"message\":\"no script queued\",\"type\":\"test\"}}"
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(500, msg.length);
                    exchange.getResponseBody().write(msg);
                    return;
                }
                script.play(exchange, this);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public ReplayServer then(Script script) {
        scripts.add(script);
        return this;
    }

    public ReplayServer when(Predicate<JsonNode> body, Script script) {
        rules.add(new Rule(body, script));
        return this;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** 200 text/event-stream, each piece written and flushed separately (pieces may cut lines, JSON, characters). */
    public static Script stream(List<String> pieces) {
        return (exchange, server) -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (String piece : pieces) {
                out.write(piece.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        };
    }

    /** Holds the response headers back for {@code millis}, like a provider with a long queue, then streams. */
    public static Script slowStart(long millis, List<String> pieces) {
        return (exchange, server) -> {
            Thread.sleep(millis);
            stream(pieces).play(exchange, server);
        };
    }

    /** A JSON error body with an HTTP status, as providers send for rate limits and outages. */
    public static Script error(int status, String json) {
        return (exchange, server) -> {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        };
    }

    /** Promises a long body, writes {@code pieces}, then closes the connection short of it: a dropped connection. */
    public static Script dropAfter(List<String> pieces) {
        return (exchange, server) -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 1_000_000);
            OutputStream out = exchange.getResponseBody();
            for (String piece : pieces) {
                out.write(piece.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        };
    }

    /**
     * Streams {@code pieces}, then keeps the stream open with SSE comments until the client disconnects (counting
     * down {@link #clientGone}); gives up after 20 s so a broken test cannot hang the build.
     */
    public static Script thenHold(List<String> pieces) {
        return (exchange, server) -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            try {
                for (String piece : pieces) {
                    out.write(piece.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (System.nanoTime() < until) {
                    Thread.sleep(20);
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException gone) {
                server.clientGone.countDown();
            }
        };
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
