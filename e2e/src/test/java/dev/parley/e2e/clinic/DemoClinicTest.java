package dev.parley.e2e.clinic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The demo clinic over real HTTP, as dialogue-service's webhook tool talks to it. */
class DemoClinicTest {
    private static final String SECRET = "test-secret-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private DemoClinic clinic;

    @AfterEach
    void stop() {
        if (clinic != null) {
            clinic.close();
        }
    }

    private DemoClinic start(Duration delay) throws Exception {
        clinic = DemoClinic.start(0, SECRET, delay, log::add);
        return clinic;
    }

    private static String body(String patient) {
        return "{\"tool\":\"book_appointment\",\"tenant\":\"brightsmile\",\"callId\":\"CA1\",\"turnId\":2,"
                + "\"arguments\":{\"patient\":\"" + patient + "\"}}";
    }

    private static String signature(String secret, long t, String body) {
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(new SignatureCheck(secret).sign(t, body));
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private HttpResponse<String> post(String body, String signature, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(clinic.bookingUrl()).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            b.header("X-Parley-Signature", signature);
        }
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> book(String patient, String key) throws Exception {
        String body = body(patient);
        return post(body, signature(SECRET, now(), body), key);
    }

    @Test
    void aSignedRequestBooksTheFirstOpenSlotAndHealthIsUp() throws Exception {
        start(Duration.ZERO);
        HttpResponse<String> r = book("482913", "k1");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode slot = JSON.readTree(r.body());
        assertTrue(slot.get("found").asBoolean());
        assertEquals("Maria", slot.get("name").asText());
        assertEquals("Tuesday", slot.get("day").asText());
        assertEquals("10 am", slot.get("time").asText());
        assertEquals("Doctor Patel", slot.get("dentist").asText());
        DemoClinic.Request request = clinic.requests().get(0);
        assertTrue(request.signed() && request.status() == 200 && !request.repeat(), request.toString());
        assertEquals("482913", request.patient());
        assertTrue(log.get(0).contains("booked Maria for Tuesday 10 am"), log.toString());

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                clinic.bookingUrl().resolve(DemoClinic.HEALTH_PATH)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("UP"), health.body());
    }

    @Test
    void aRepeatedIdempotencyKeyGetsTheFirstAnswerAndBooksNothing() throws Exception {
        start(Duration.ZERO);
        HttpResponse<String> first = book("482913", "same");
        HttpResponse<String> again = book("482913", "same");
        assertEquals(200, again.statusCode());
        assertEquals(first.body(), again.body());
        assertTrue(clinic.requests().get(1).repeat());
        // The repeat took no slot: the next patient gets the second one.
        assertEquals("Wednesday", JSON.readTree(book("550012", "other").body()).get("day").asText());
        assertEquals(409, book("731104", "same").statusCode(), "a key is bound to its arguments");
        // Another call (another key) for a patient with an appointment hears the same one; nothing more is booked.
        HttpResponse<String> later = book("482913", "next-call");
        assertEquals(first.body(), later.body());
        assertTrue(log.get(log.size() - 1).contains("was booked already"), log.toString());
        assertEquals("Thursday", JSON.readTree(book("731104", "third").body()).get("day").asText());
    }

    @Test
    void aRepeatArrivingWhileTheFirstIsStillBookingWaitsForItsAnswer() throws Exception {
        start(Duration.ofMillis(500));
        CompletableFuture<HttpResponse<String>> a = CompletableFuture.supplyAsync(() -> send("482913", "k"));
        Thread.sleep(100);
        CompletableFuture<HttpResponse<String>> b = CompletableFuture.supplyAsync(() -> send("482913", "k"));
        assertEquals(200, a.get().statusCode());
        assertEquals(a.get().body(), b.get().body());
        assertEquals(1, clinic.requests().stream().filter(r -> !r.repeat()).count(), clinic.requests().toString());
        assertEquals(1, clinic.requests().stream().filter(DemoClinic.Request::repeat).count());
        assertEquals("Wednesday", JSON.readTree(book("550012", "k2").body()).get("day").asText());
    }

    private HttpResponse<String> send(String patient, String key) {
        try {
            return book(patient, key);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void missingWrongStaleOrTamperedSignaturesAreRefusedWith401() throws Exception {
        start(Duration.ZERO);
        String body = body("482913");
        assertEquals(401, post(body, null, "k1").statusCode(), "unsigned");
        assertEquals(401, post(body, signature("another-secret", now(), body), "k2").statusCode(), "wrong secret");
        assertEquals(401, post(body, signature(SECRET, now() - 600, body), "k3").statusCode(), "stale (a replay)");
        assertEquals(401, post(body, signature(SECRET, now() + 600, body), "k4").statusCode(), "from the future");
        assertEquals(401, post(body("550012"), signature(SECRET, now(), body), "k5").statusCode(), "tampered body");
        assertEquals(401, post(body, "t=abc,v1=zz", "k6").statusCode(), "malformed");
        assertTrue(clinic.requests().stream().noneMatch(DemoClinic.Request::signed), clinic.requests().toString());
        assertTrue(log.get(2).contains("stale"), log.get(2));
        // Nothing was booked: the first signed request still gets the first slot.
        assertEquals("Tuesday", JSON.readTree(book("482913", "k1").body()).get("day").asText());
    }

    @Test
    void noIdempotencyKeyIs400AndAnUnknownPatientIs404() throws Exception {
        start(Duration.ZERO);
        assertEquals(400, book("482913", null).statusCode());
        HttpResponse<String> unknown = book("999999", "k");
        assertEquals(404, unknown.statusCode());
        assertFalse(JSON.readTree(unknown.body()).get("found").asBoolean());
        String notJson = "not json";
        assertEquals(400, post(notJson, signature(SECRET, now(), notJson), "k9").statusCode());
    }
}
