package dev.parley.e2e.clinic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * BrightSmile Dental's booking system, as the brightsmile tenant's {@code book_appointment} webhook reaches it: a real
 * HTTP server on a loopback port that refuses a missing, wrong or stale request signature (401), answers each
 * {@code Idempotency-Key} once (a repeat gets the first answer, and books nothing), takes its time ({@code delay}, so
 * a caller hears the tool's filler line), and books a known patient into the first open check-up ({@link Diary}).
 * {@code ./parley up} runs it beside the stack ({@link #main}); the end-to-end test runs one in-process.
 *
 * <pre>java -cp 'e2e/target/e2e-0.1.0-SNAPSHOT.jar:e2e/target/lib/*' dev.parley.e2e.clinic.DemoClinic [--port 8095] [--delay-ms 1000]</pre>
 * with the secret in PARLEY_TOOL_SECRET_BRIGHTSMILE, the one dialogue-service signs with.
 */
public final class DemoClinic implements AutoCloseable {
    /** The environment variable both sides read the shared secret from (dialogue-service/README.md, Webhook tools). */
    public static final String SECRET_ENV = "PARLEY_TOOL_SECRET_BRIGHTSMILE";
    /** Where tenants/brightsmile/tenant.yaml takes the booking URL from (default http://127.0.0.1:8095/appointments). */
    public static final String URL_ENV = "PARLEY_BRIGHTSMILE_BOOKING_URL";
    public static final String BOOKING_PATH = "/appointments";
    public static final String HEALTH_PATH = "/health";
    /** Where brightsmile's post-call analyses are posted (tenant.yaml analysis.webhook; see {@link PostCallInbox}). */
    public static final String POST_CALL_PATH = "/post-call";
    /** Where tenants/brightsmile/tenant.yaml takes the post-call URL from (unset: analyses are only published). */
    public static final String POST_CALL_URL_ENV = "PARLEY_BRIGHTSMILE_POST_CALL_URL";
    /** The secret dialogue-service signs brightsmile's analyses with; the clinic shares one with us for both. */
    public static final String ANALYSIS_SECRET_ENV = "PARLEY_ANALYSIS_SECRET_BRIGHTSMILE";
    public static final int DEFAULT_PORT = 8095;
    /** Longer than brightsmile's fillerDelayMs (400), so a demo caller hears "Let me check the diary for you." first. */
    public static final Duration DEFAULT_DELAY = Duration.ofSeconds(1);

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One request to the booking endpoint: when it arrived and was answered (System.nanoTime()), whether its signature
     * held, its Idempotency-Key and patient (null when not read), the status, and whether it repeated an earlier key.
     */
    public record Request(long receivedNanos, long answeredNanos, boolean signed, String idempotencyKey,
            String patient, int status, boolean repeat) {
    }

    private record Answer(String patient, int status, String body, String summary) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "demo-clinic");
        t.setDaemon(true);
        return t;
    });
    private final SignatureCheck signatures;
    private final Duration delay;
    private final Consumer<String> log;
    private final Diary diary = Diary.demo();
    private final Map<String, CompletableFuture<Answer>> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final PostCallInbox postCalls;

    private DemoClinic(int port, String secret, Duration delay, Consumer<String> log) throws IOException {
        this.signatures = new SignatureCheck(secret);
        this.delay = delay;
        this.log = log;
        this.postCalls = new PostCallInbox(signatures, 2, line -> log.accept(
                LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + line));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(threads);
        server.createContext(BOOKING_PATH, this::booking);
        server.createContext(HEALTH_PATH, this::health);
        server.createContext(POST_CALL_PATH, postCalls::handle);
        server.start();
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port); each booking takes {@code delay}. */
    public static DemoClinic start(int port, String secret, Duration delay, Consumer<String> log) throws IOException {
        return new DemoClinic(port, secret, delay, log);
    }

    public URI bookingUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + BOOKING_PATH);
    }

    /** The post-call URL beside the booking URL, same host. */
    public static URI postCallUrl(URI bookingUrl) {
        return bookingUrl.resolve(POST_CALL_PATH);
    }

    /** The post-call analyses kept, one per Idempotency-Key (each delivery's first two attempts were refused). */
    public Map<String, JsonNode> postCallAnalyses() {
        return postCalls.analyses();
    }

    /** Every delivery to the post-call endpoint: (Idempotency-Key, signature held, status). */
    public List<String> postCallDeliveries() {
        return postCalls.deliveries().stream()
                .map(d -> d.idempotencyKey() + " " + (d.signed() ? "signed" : "unsigned") + " " + d.status())
                .toList();
    }

    /** Every request to the booking endpoint answered so far, in the order of their answers. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void booking(HttpExchange exchange) throws IOException {
        long received = System.nanoTime();
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            if (!"POST".equals(exchange.getRequestMethod())) {
                refuse(exchange, received, false, key, 405, "only POST books");
                return;
            }
            Optional<String> unsigned = signatures.problem(exchange.getRequestHeaders().getFirst("X-Parley-Signature"),
                    body, System.currentTimeMillis() / 1000);
            if (unsigned.isPresent()) {
                refuse(exchange, received, false, key, 401, unsigned.get());
                return;
            }
            if (key == null || key.isBlank()) {
                refuse(exchange, received, true, null, 400, "no Idempotency-Key");
                return;
            }
            String patient = patientOf(body);
            if (patient.isEmpty()) {
                refuse(exchange, received, true, key, 400, "the body is not JSON with arguments.patient");
                return;
            }
            CompletableFuture<Answer> mine = new CompletableFuture<>();
            CompletableFuture<Answer> first = answers.putIfAbsent(key, mine);
            if (first == null) {
                mine.complete(book(patient));
            }
            // A repeat waits for the first request's answer, even one still in progress.
            Answer answer = (first == null ? mine : first).join();
            if (!patient.equals(answer.patient())) {
                refuse(exchange, received, true, key, 409, "Idempotency-Key " + key + " was used for another patient");
                return;
            }
            record(new Request(received, System.nanoTime(), true, key, patient, answer.status(), first != null),
                    first == null ? answer.summary() : "a repeat of this Idempotency-Key: its first answer, nothing booked");
            send(exchange, answer.status(), answer.body());
        }
    }

    private static String patientOf(String body) {
        try {
            return JSON.readTree(body).at("/arguments/patient").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    private Answer book(String patient) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Optional<Diary.Appointment> booking = diary.book(patient);
        if (booking.isEmpty()) {
            return new Answer(patient, 404, "{\"found\":false}", "no such patient, or no open slot");
        }
        ObjectNode out = JSON.createObjectNode().put("found", true);
        Map<String, String> b = booking.get().fields();
        b.forEach(out::put);
        String slot = b.get("name") + " for " + b.get("day") + " " + b.get("time") + " with " + b.get("dentist");
        return new Answer(patient, 200, out.toString(), booking.get().isNew()
                ? "booked " + slot + " (" + diary.openSlots() + " open slots left)"
                : slot + " was booked already: told them again");
    }

    private void refuse(HttpExchange exchange, long received, boolean signed, String key, int status, String why)
            throws IOException {
        record(new Request(received, System.nanoTime(), signed, key, null, status, false), why);
        send(exchange, status, JSON.createObjectNode().put("error", why).toString());
    }

    /** Before the answer goes out, so whoever got it finds its request here. */
    private void record(Request r, String what) {
        requests.add(r);
        log.accept(String.format("%s POST %s patient %s, Idempotency-Key %s, signature %s -> %d after %d ms: %s",
                LocalTime.now().truncatedTo(ChronoUnit.MILLIS), BOOKING_PATH, r.patient() == null ? "-" : r.patient(),
                r.idempotencyKey() == null ? "-" : r.idempotencyKey(), r.signed() ? "valid" : "refused", r.status(),
                (r.answeredNanos() - r.receivedNanos()) / 1_000_000, what));
    }

    private void health(HttpExchange exchange) throws IOException {
        try (exchange) {
            send(exchange, 200, "{\"status\":\"UP\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** Runs the clinic until the process is stopped: {@code [--port 8095] [--delay-ms 1000]}, secret from the env. */
    public static void main(String[] args) throws IOException {
        int port = DEFAULT_PORT;
        Duration delay = DEFAULT_DELAY;
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--port")) {
                port = Integer.parseInt(args[i + 1]);
            } else if (args[i].equals("--delay-ms")) {
                delay = Duration.ofMillis(Long.parseLong(args[i + 1]));
            } else {
                System.err.println("usage: DemoClinic [--port " + DEFAULT_PORT + "] [--delay-ms "
                        + DEFAULT_DELAY.toMillis() + "]   (secret in " + SECRET_ENV + ")");
                System.exit(2);
            }
        }
        String secret = System.getenv(SECRET_ENV);
        if (secret == null || secret.isBlank()) {
            System.err.println("demo clinic: " + SECRET_ENV + " is not set (./parley up takes it from .parley/secrets.env)");
            System.exit(1);
        }
        DemoClinic clinic = start(port, secret, delay, System.out::println);
        Runtime.getRuntime().addShutdownHook(new Thread(clinic::close, "demo-clinic-stop"));
        System.out.println("demo clinic: booking at " + clinic.bookingUrl() + " (each booking takes "
                + delay.toMillis() + " ms), health at " + clinic.bookingUrl().resolve(HEALTH_PATH));
    }
}
