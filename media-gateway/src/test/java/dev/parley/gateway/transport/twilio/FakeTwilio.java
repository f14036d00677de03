package dev.parley.gateway.transport.twilio;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A local stand-in for Twilio: its REST API's call creation (basic auth and the form checked, 201 with a call SID,
 * or Twilio's 400 for {@link #INVALID}) and call update (Status canceled or completed, with Twilio's documented
 * effect: canceled ends a queued or ringing call and leaves one in progress as it is, completed ends one in
 * progress), then Twilio's part in the call, by the number called: signed status callbacks, and for {@link #ANSWERS}
 * the media stream our TwiML names, with the TwiML's parameters in its start, a second of silence, then stop; for a
 * number in {@link #SAYS}, that audio, then silence until the call ends. Nothing leaves the machine. A call over at
 * Twilio (cancelled through the API before it started ringing) is not resurrected by the ringing that was due.
 */
public class FakeTwilio implements QuarkusTestResourceLifecycleManager {
    static final String ACCOUNT = "AC" + "0123456789abcdef".repeat(2);
    static final String TOKEN = "caller-account-token";
    static final String ANSWERS = "+15551110001";
    static final String BUSY = "+15551110002";
    /** Rings until {@link #RING} is counted down, then no-answer. */
    static final String RINGS_OUT = "+15551110003";
    static final String INVALID = "+15551110004";
    /** Rings, then never reports again, until the call is ended through the API. */
    static final String SILENT = "+15551110005";
    /**
     * Answered as soon as it rings, but Twilio's news of the answer is late: its in-progress callback reaches the
     * gateway only once the gateway's first update of the call is on its way, before Twilio answers that update (a
     * give-up crossing the answer). Its media stream is slower still: the call ends before it connects.
     */
    static final String ANSWERS_LATE = "+15551110006";
    /**
     * As {@link #ANSWERS_LATE}, but its media stream comes with the late callback, and runs until the gateway closes
     * it; then the call is over at Twilio (its TwiML has nothing after the stream), before the update is answered.
     */
    static final String STREAMS_LATE = "+15551110008";
    /** Twilio takes {@link #SLOW_CREATE_MS} to answer the call's creation; then it rings, as {@link #SILENT}. */
    static final String SLOW_CREATE = "+15551110007";
    static final long SLOW_CREATE_MS = 1_000;
    /**
     * Twilio answers the call's creation only after {@link #LATE_CREATE_MS}, past the gateway's API timeout (2 s in
     * the tests that dial it), but creates the call all the same; then it rings, as {@link #SILENT}.
     */
    static final String LATE_CREATE = "+15551110009";
    static final long LATE_CREATE_MS = 3_000;
    private static final List<String> OVER = List.of("canceled", "completed", "busy", "no-answer", "failed");
    /** What the callee of a number says into the media stream once it answers (μ-law 8 kHz), by number. */
    static final Map<String, byte[]> SAYS = new ConcurrentHashMap<>();
    /** Every call update, "To Status=status: status before -> status after". */
    static final List<String> UPDATES = new CopyOnWriteArrayList<>();
    /** How long a call streams after its callee's audio, unless the gateway or an update ends it first. */
    private static final long TAIL_MS = 3_000;
    private static final Pattern UPDATE = Pattern.compile("/2010-04-01/Accounts/" + ACCOUNT + "/Calls/(CA\\w+)\\.json");
    /** Each call's status as Twilio sees it, and its number, by call SID. */
    private final Map<String, String> states = new ConcurrentHashMap<>();
    private final Map<String, String> numbers = new ConcurrentHashMap<>();
    /** Counted down by the first update of each call, by call SID. */
    private final Map<String, CountDownLatch> updated = new ConcurrentHashMap<>();
    private final Map<String, Map<String, List<String>>> forms = new ConcurrentHashMap<>();
    static volatile CountDownLatch RING = new CountDownLatch(0);
    /** Every call-creation form Twilio accepted or refused, in order. */
    static final List<Map<String, List<String>>> REQUESTS = new CopyOnWriteArrayList<>();
    /** The gateway's answer to every status callback, "To CallStatus=status code". */
    static final List<String> CALLBACKS = new CopyOnWriteArrayList<>();
    /** How the gateway closed each media stream, "To close code": 1000 answers Twilio's own close, 1008 refuses. */
    static final List<String> STREAM_CLOSES = new CopyOnWriteArrayList<>();
    private static final Pattern STREAM = Pattern.compile("<Stream url=\"([^\"]+)\">");
    private static final Pattern PARAMETER = Pattern.compile("<Parameter name=\"([^\"]*)\" value=\"([^\"]*)\"/>");

    private HttpServer server;
    private final ExecutorService calls = Executors.newCachedThreadPool();
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/2010-04-01/Accounts/", this::createCall);
        server.start();
        return Map.of("parley.twilio.api-base", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        calls.shutdownNow();
        server.stop(0);
    }

    private void createCall(HttpExchange exchange) throws IOException {
        String expectedAuth = "Basic " + Base64.getEncoder().encodeToString((ACCOUNT + ":" + TOKEN)
                .getBytes(StandardCharsets.UTF_8));
        if (!expectedAuth.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}");
            return;
        }
        Map<String, List<String>> form = form(new String(exchange.getRequestBody().readAllBytes(),
                StandardCharsets.UTF_8));
        Matcher update = UPDATE.matcher(exchange.getRequestURI().getPath());
        if (update.matches() && "POST".equals(exchange.getRequestMethod())) {
            update(exchange, update.group(1), first(form, "Status"));
            return;
        }
        REQUESTS.add(form);
        String problem = problem(exchange, form);
        if (problem != null || INVALID.equals(first(form, "To"))) {
            answer(exchange, 400, "{\"code\":21211,\"message\":\"" + (problem == null
                    ? "The 'To' number is not a valid phone number." : problem) + "\",\"status\":400}");
            return;
        }
        String sid = "CA" + Long.toHexString(System.nanoTime()) + "0".repeat(16);
        states.put(sid, "queued");
        numbers.put(sid, first(form, "To"));
        updated.put(sid, new CountDownLatch(1));
        forms.put(sid, form);
        if (SLOW_CREATE.equals(first(form, "To")) || LATE_CREATE.equals(first(form, "To"))) {
            try {
                Thread.sleep(SLOW_CREATE.equals(first(form, "To")) ? SLOW_CREATE_MS : LATE_CREATE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // The call goes on even when the gateway stopped waiting for this answer.
        calls.submit(() -> {
            play(sid, form);
            return null;
        });
        answer(exchange, 201, "{\"sid\":\"" + sid + "\",\"account_sid\":\"" + ACCOUNT + "\",\"status\":\"queued\","
                + "\"to\":\"" + first(form, "To") + "\",\"from\":\"" + first(form, "From") + "\"}");
    }

    /** Twilio's call update: only our own Status values, with the effect Twilio documents for each. */
    private void update(HttpExchange exchange, String sid, String status) throws IOException {
        String number = numbers.get(sid);
        if ((ANSWERS_LATE.equals(number) || STREAMS_LATE.equals(number)) && updated.get(sid).getCount() > 0) {
            lateNews(sid, STREAMS_LATE.equals(number));
        }
        String before = states.get(sid);
        if (before == null) {
            answer(exchange, 404, "{\"code\":20404,\"message\":\"not found\",\"status\":404}");
            return;
        }
        boolean live = List.of("queued", "initiated", "ringing").contains(before);
        String after = before;
        if ("canceled".equals(status) && live) {
            after = "canceled";
        } else if ("completed".equals(status) && (live || before.equals("in-progress"))) {
            after = live ? "canceled" : "completed";
        } else if (!List.of("canceled", "completed").contains(status)) {
            answer(exchange, 400, "{\"code\":21218,\"message\":\"Invalid Status\",\"status\":400}");
            return;
        }
        states.put(sid, after);
        UPDATES.add(numbers.get(sid) + " Status=" + status + ": " + before + " -> " + after);
        updated.get(sid).countDown();
        answer(exchange, 200, "{\"sid\":\"" + sid + "\",\"status\":\"" + after + "\"}");
    }

    /** The late news of an answer: the in-progress callback, then the media stream until it ends, if {@code stream}. */
    private void lateNews(String sid, boolean stream) {
        try {
            callback(forms.get(sid), sid, "in-progress");
            if (stream) {
                stream(sid, first(forms.get(sid), "Twiml"), new byte[0], 5_000);
            }
        } catch (Exception e) {
            throw new IllegalStateException("the late news of " + sid + " was not delivered", e);
        }
    }

    /** What Twilio would refuse in the request, or null. */
    private static String problem(HttpExchange exchange, Map<String, List<String>> form) {
        if (!"POST".equals(exchange.getRequestMethod())
                || !exchange.getRequestURI().getPath().equals("/2010-04-01/Accounts/" + ACCOUNT + "/Calls.json")) {
            return "not the Calls resource of " + ACCOUNT;
        }
        if (!List.of("initiated", "ringing", "answered", "completed").equals(form.get("StatusCallbackEvent"))) {
            return "StatusCallbackEvent " + form.get("StatusCallbackEvent");
        }
        for (String field : List.of("To", "From", "Twiml", "StatusCallback", "Timeout")) {
            if (first(form, field).isEmpty()) {
                return "missing " + field;
            }
        }
        return STREAM.matcher(first(form, "Twiml")).find() ? null : "no <Stream> in the TwiML";
    }

    private void play(String sid, Map<String, List<String>> form) throws Exception {
        String to = first(form, "To");
        // Twilio takes a moment to start dialling; its first callback comes after the API's answer.
        Thread.sleep(200);
        if (states.get(sid).equals("canceled")) {
            callback(form, sid, "canceled");
            return;
        }
        status(form, sid, "initiated");
        status(form, sid, "ringing");
        switch (to) {
            case BUSY -> status(form, sid, "busy");
            case RINGS_OUT -> {
                RING.await(20, TimeUnit.SECONDS);
                status(form, sid, "no-answer");
            }
            case ANSWERS -> {
                status(form, sid, "in-progress");
                stream(sid, first(form, "Twiml"), new byte[0], 1_000);
                status(form, sid, "completed");
            }
            case ANSWERS_LATE, STREAMS_LATE -> {
                states.put(sid, "in-progress");
                updated.get(sid).await(30, TimeUnit.SECONDS);
                long until = System.nanoTime() + 30_000_000_000L;
                while (states.get(sid).equals("in-progress") && System.nanoTime() < until) {
                    Thread.sleep(20);
                }
                callback(form, sid, states.get(sid));
            }
            case SILENT, SLOW_CREATE, LATE_CREATE -> {
                long until = System.nanoTime() + 60_000_000_000L;
                while (states.get(sid).equals("ringing") && System.nanoTime() < until) {
                    Thread.sleep(20);
                }
                status(form, sid, states.get(sid));
            }
            default -> {
                if (SAYS.containsKey(to)) {
                    status(form, sid, "in-progress");
                    stream(sid, first(form, "Twiml"), SAYS.get(to), TAIL_MS);
                    status(form, sid, "completed");
                } else {
                    status(form, sid, "failed");
                }
            }
        }
    }

    /**
     * Twilio's media stream: connected, start with the TwiML's parameters, {@code says} in 20 ms frames, then
     * {@code tailMs} of μ-law silence, then stop; ends sooner when the gateway closes it (Twilio then hangs up) or an
     * update ends the call.
     */
    private void stream(String sid, String twiml, byte[] says, long tailMs) throws Exception {
        Matcher url = STREAM.matcher(twiml);
        url.find();
        String wsUrl = xml(url.group(1));
        StringBuilder params = new StringBuilder();
        Matcher p = PARAMETER.matcher(twiml);
        while (p.find()) {
            params.append(params.isEmpty() ? "" : ",").append('"').append(xml(p.group(1))).append("\":\"")
                    .append(xml(p.group(2))).append('"');
        }
        CountDownLatch closed = new CountDownLatch(1);
        WebSocket ws = http.newWebSocketBuilder()
                .header(TwilioSignature.HEADER, TwilioSignature.sign(TOKEN, wsUrl, Map.of()))
                .buildAsync(URI.create(wsUrl), new WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                        STREAM_CLOSES.add(numbers.get(sid) + " close " + code);
                        closed.countDown();
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        ws.sendText("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}", true).join();
        ws.sendText("{\"event\":\"start\",\"sequenceNumber\":\"1\",\"streamSid\":\"MZ" + sid.substring(2)
                + "\",\"start\":{\"streamSid\":\"MZ" + sid.substring(2) + "\",\"accountSid\":\"" + ACCOUNT
                + "\",\"callSid\":\"" + sid + "\",\"tracks\":[\"inbound\"],\"customParameters\":{" + params
                + "},\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}}}", true)
                .join();
        long frames = says.length / 160 + tailMs / 20;
        for (int i = 0; i < frames && closed.getCount() > 0 && states.get(sid).equals("in-progress"); i++) {
            byte[] frame = new byte[160];
            java.util.Arrays.fill(frame, (byte) 0xFF);
            if ((i + 1) * 160 <= says.length) {
                System.arraycopy(says, i * 160, frame, 0, 160);
            }
            try {
                ws.sendText("{\"event\":\"media\",\"streamSid\":\"MZ" + sid.substring(2) + "\",\"media\":{"
                        + "\"track\":\"inbound\",\"chunk\":\"" + (i + 1) + "\",\"payload\":\""
                        + Base64.getEncoder().encodeToString(frame) + "\"}}", true).join();
            } catch (RuntimeException e) {
                break; // the gateway closed the stream
            }
            Thread.sleep(20);
        }
        try {
            // Twilio closes the stream itself once the call is over.
            ws.sendText("{\"event\":\"stop\",\"streamSid\":\"MZ" + sid.substring(2) + "\"}", true).join();
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
            closed.await(5, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            // the gateway closed it first
        }
        ws.abort();
        states.computeIfPresent(sid, (k, state) -> state.equals("in-progress") ? "completed" : state);
    }

    /** The call's status changes at Twilio, which tells the gateway. */
    void status(Map<String, List<String>> form, String sid, String callStatus) throws Exception {
        String was = states.get(sid);
        if (OVER.contains(was) && !was.equals(callStatus)) {
            return; // an update ended it: what was due next does not happen
        }
        states.put(sid, callStatus);
        callback(form, sid, callStatus);
    }

    /** A status callback, signed as Twilio signs it: with the account's token, over the URL and the form. */
    private void callback(Map<String, List<String>> form, String sid, String callStatus) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("CallSid", sid);
        params.put("AccountSid", ACCOUNT);
        params.put("CallStatus", callStatus);
        params.put("From", first(form, "From"));
        params.put("To", first(form, "To"));
        params.put("Direction", "outbound-api");
        String url = first(form, "StatusCallback");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header(TwilioSignature.HEADER, TwilioSignature.sign(TOKEN, url, params))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(params.entrySet().stream()
                        .map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&")))).build(), HttpResponse.BodyHandlers.ofString());
        CALLBACKS.add(first(form, "To") + " " + callStatus + "=" + response.statusCode());
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static Map<String, List<String>> form(String body) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            form.computeIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    k -> new ArrayList<>()).add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    static String first(Map<String, List<String>> form, String field) {
        List<String> values = form.get(field);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    private static String xml(String s) {
        return s.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
