package dev.parley.dialogue.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A tenant's webhook endpoint for tests: a real HTTP server on a random loopback port that records every request,
 * checks its {@code X-Parley-Signature} the way a tenant is told to (HMAC-SHA256 of "t.content" with the shared
 * secret, constant-time compare, at most five minutes of clock skew), and answers with a scripted handler.
 */
public final class WebhookServer implements AutoCloseable {

    /** Answers one request; {@code body} is the request body as received. */
    public interface Handler {
        void handle(HttpExchange exchange, Received request) throws IOException, InterruptedException;
    }

    /** A request as received, and whether its signature checked out. */
    public record Received(String method, String path, String query, Map<String, List<String>> headers, String body,
                           boolean signed) {

        public String header(String name) {
            for (Map.Entry<String, List<String>> h : headers.entrySet()) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue().get(0);
                }
            }
            return null;
        }
    }

    static final long TOLERANCE_SECONDS = 300;

    static {
        // The JDK server otherwise sends headers and body as two small segments, and Nagle plus the client's delayed
        // ACK add ~40 ms to every answer: not a figure of ours. Read once, by the JVM's first HttpServer.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "webhook-server");
        t.setDaemon(true);
        return t;
    });
    private volatile Handler handler;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** Counted down when a client went away while {@link #holdUntilGone()} was still writing. */
    public final CountDownLatch clientGone = new CountDownLatch(1);

    public WebhookServer(String secret, Handler handler) throws IOException {
        this.handler = handler;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String query = exchange.getRequestURI().getRawQuery();
                String content = "GET".equals(exchange.getRequestMethod()) ? (query == null ? "" : query) : body;
                Received r = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), query,
                        Map.copyOf(exchange.getRequestHeaders()), body,
                        verify(secret, exchange.getRequestHeaders().getFirst("X-Parley-Signature"), content,
                                System.currentTimeMillis() / 1000));
                received.add(r);
                this.handler.handle(exchange, r);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void answer(Handler next) {
        handler = next;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The receiver's side of the signature scheme, as dialogue-service/README.md documents it. */
    public static boolean verify(String secret, String header, String content, long nowSeconds) {
        if (header == null) {
            return false;
        }
        long t = -1;
        String v1 = null;
        for (String part : header.split(",")) {
            String[] kv = part.strip().split("=", 2);
            if (kv.length == 2 && kv[0].equals("t")) {
                try {
                    t = Long.parseLong(kv[1]);
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (kv.length == 2 && kv[0].equals("v1")) {
                v1 = kv[1];
            }
        }
        if (t < 0 || v1 == null || Math.abs(nowSeconds - t) > TOLERANCE_SECONDS) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((t + "." + content).getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1));
        } catch (Exception e) {
            return false;
        }
    }

    /** Answers {@code status} with a JSON (or any) body. */
    public static Handler json(int status, String body) {
        return (exchange, request) -> send(exchange, status, body);
    }

    /** Waits {@code millis}, then lets {@code then} answer: a slow backend. */
    public static Handler slow(long millis, Handler then) {
        return (exchange, request) -> {
            Thread.sleep(millis);
            then.handle(exchange, request);
        };
    }

    /**
     * Sends 200 and then JSON whitespace, a byte at a time, until the client disconnects (counting down
     * {@link #clientGone}) — how a test sees that a cancelled call let its request go. Gives up after 20 s.
     */
    public Handler holdUntilGone() {
        return (exchange, request) -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            try {
                while (System.nanoTime() < until) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(20);
                }
            } catch (IOException gone) {
                clientGone.countDown();
            }
        };
    }

    public static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
