package dev.parley.analytics.recordings;

import dev.parley.analytics.InProcessKafka;
import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallStarted;
import dev.parley.contracts.recordings.RecordingFileNames;
import dev.parley.events.EventPublisher;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recordings over HTTP: a signed URL handed out for the tenant's key, the WAV played by it without a key (whole and
 * by range), refused when tampered, expired or used for another call, and deleted with the call's erasure.
 */
@QuarkusTest
@QuarkusTestResource(value = InProcessKafka.class, restrictToAnnotatedClass = true)
class RecordingsIntegrationTest {
    private static final String ACME_KEY = "test-acme-key";
    private static final String GLOBEX_KEY = "test-globex-key";
    private static final String ADMIN_KEY = "test-admin-key";
    private static final Instant STARTED = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));

    @ConfigProperty(name = "parley.recordings.dir")
    String dir;

    @Inject
    RecordingUrlSigner signer;

    @Inject
    EventPublisher events;

    @Test
    void aSignedUrlPlaysTheRecordingWholeAndByRange() {
        byte[] wav = RecordingFiles.write(Path.of(dir), "acme", "rec-play", STARTED, 2000);
        Response link = given().header("X-Api-Key", ACME_KEY).get("/tenants/acme/calls/rec-play/recording");
        link.then().statusCode(200)
                .body("durationMs", equalTo(2000))
                .body("channels", equalTo(List.of("caller", "agent")));
        String url = link.jsonPath().getString("url");
        assertTrue(url.startsWith("/recordings/acme/rec-play.wav?expires="), url);
        Instant expiresAt = Instant.parse(link.jsonPath().getString("expiresAt"));
        assertTrue(expiresAt.isAfter(Instant.now().plus(Duration.ofMinutes(4))), "url-ttl 5m: " + expiresAt);

        Response whole = given().urlEncodingEnabled(false).get(url);
        whole.then().statusCode(200)
                .header("Content-Type", equalTo("audio/wav"))
                .header("Cache-Control", equalTo("private, no-store"))
                .header("Accept-Ranges", equalTo("bytes"))
                .header("Content-Length", equalTo(String.valueOf(wav.length)));
        assertArrayEquals(wav, whole.asByteArray());

        Response part = given().urlEncodingEnabled(false).header("Range", "bytes=1000-1999").get(url);
        part.then().statusCode(206).header("Content-Range", equalTo("bytes 1000-1999/" + wav.length));
        assertArrayEquals(Arrays.copyOfRange(wav, 1000, 2000), part.asByteArray());
        Response tail = given().urlEncodingEnabled(false).header("Range", "bytes=-44").get(url);
        tail.then().statusCode(206);
        assertArrayEquals(Arrays.copyOfRange(wav, wav.length - 44, wav.length), tail.asByteArray());
        given().urlEncodingEnabled(false).header("Range", "bytes=" + wav.length + "-").get(url).then()
                .statusCode(416).header("Content-Range", equalTo("bytes */" + wav.length));

        // The admin key may fetch a link too; the URL needs no key at all.
        given().header("X-Api-Key", ADMIN_KEY).get("/tenants/acme/calls/rec-play/recording").then().statusCode(200);
    }

    @Test
    void aTamperedExpiredOrOtherCallsUrlIsRefused() {
        RecordingFiles.write(Path.of(dir), "acme", "rec-a", STARTED, 300);
        RecordingFiles.write(Path.of(dir), "acme", "rec-b", STARTED, 300);
        RecordingFiles.write(Path.of(dir), "globex", "rec-a", STARTED, 300);
        String url = given().header("X-Api-Key", ACME_KEY).get("/tenants/acme/calls/rec-a/recording")
                .jsonPath().getString("url");
        given().urlEncodingEnabled(false).get(url).then().statusCode(200);

        String sig = url.substring(url.indexOf("&sig=") + 5);
        String tampered = url.substring(0, url.indexOf("&sig=") + 5) + (sig.charAt(0) == 'A' ? "B" : "A")
                + sig.substring(1);
        given().urlEncodingEnabled(false).get(tampered).then().statusCode(403);
        given().urlEncodingEnabled(false).get(url.replace("rec-a.wav", "rec-b.wav")).then().statusCode(403);
        given().urlEncodingEnabled(false).get(url.replace("/acme/", "/globex/")).then().statusCode(403);
        given().urlEncodingEnabled(false).get(url.substring(0, url.indexOf('?'))).then().statusCode(403);
        long expires = Long.parseLong(url.substring(url.indexOf("expires=") + 8, url.indexOf("&sig=")));
        given().urlEncodingEnabled(false).get(url.replace("expires=" + expires, "expires=" + (expires + 3600)))
                .then().statusCode(403);
        String expired = signer.sign("acme", "rec-a", Instant.now().minus(Duration.ofMinutes(6))).url();
        given().urlEncodingEnabled(false).get(expired).then().statusCode(403);
    }

    @Test
    void keysAreCheckedAsForTheCallRecords() {
        RecordingFiles.write(Path.of(dir), "acme", "rec-keys", STARTED, 300);
        given().get("/tenants/acme/calls/rec-keys/recording").then().statusCode(401);
        given().header("X-Api-Key", "nobody").get("/tenants/acme/calls/rec-keys/recording").then().statusCode(401);
        given().header("X-Api-Key", GLOBEX_KEY).get("/tenants/acme/calls/rec-keys/recording").then().statusCode(403);
        given().header("X-Api-Key", GLOBEX_KEY).get("/tenants/globex/calls/rec-keys/recording").then()
                .statusCode(404);
    }

    @Test
    void noFinishedRecordingIsA404AndARecordingInProgressIsNeverServed() {
        given().header("X-Api-Key", ACME_KEY).get("/tenants/acme/calls/rec-none/recording").then().statusCode(404);
        RecordingFiles.writeInProgress(Path.of(dir), "acme", "rec-live");
        given().header("X-Api-Key", ACME_KEY).get("/tenants/acme/calls/rec-live/recording").then().statusCode(404);
        given().urlEncodingEnabled(false).get(signer.sign("acme", "rec-live", Instant.now()).url()).then()
                .statusCode(404);
        String partUrl = signer.sign("acme", "rec-live", Instant.now()).url().replace(".wav?", ".wav.part?");
        given().urlEncodingEnabled(false).get(partUrl).then().statusCode(404);
    }

    @Test
    void idsOutsideTheContractAreRefusedBeforeAnyPath() throws Exception {
        // A recording beside the root, where ../ would lead from a tenant's directory.
        Path outside = Path.of(dir).toAbsolutePath().getParent();
        RecordingFiles.write(outside, "test-recordings-outside", "secret", STARTED, 300);
        String query = signer.sign("acme", "rec-x", Instant.now()).url();
        query = query.substring(query.indexOf('?'));
        for (String path : List.of("/recordings/acme/..%2F..%2Ftest-recordings-outside%2Fsecret.wav",
                "/recordings/..%2Ftest-recordings-outside/secret.wav", "/recordings/acme/rec.x.wav",
                "/recordings/%2E%2E/secret.wav")) {
            int status = given().urlEncodingEnabled(false).get(path + query).statusCode();
            assertTrue(status == 400 || status == 404, path + " answered " + status);
        }
        for (String call : List.of("rec.x", "..", "%2E%2E%2Fsecret", "a%20b")) {
            int status = given().urlEncodingEnabled(false).header("X-Api-Key", ADMIN_KEY)
                    .get("/tenants/acme/calls/" + call + "/recording").statusCode();
            assertTrue(status == 400 || status == 404, call + " answered " + status);
        }
        // Any call id names one file stem of the safe alphabet: "rec.x" is not "rec" and its file is not there.
        given().header("X-Api-Key", ADMIN_KEY).get("/tenants/acme/calls/rec.x/recording").then().statusCode(404);
        given().header("X-Api-Key", ADMIN_KEY).get("/tenants/acme.x/calls/rec/recording").then().statusCode(400);
        assertTrue(Files.exists(outside.resolve("test-recordings-outside/secret.wav")));
    }

    @Test
    void aCarriersCallIdOfAnyCharactersPlaysFromItsFileStem() {
        String telnyx = "v3:T02llQxIyaRkhfRKxgAP8nY511EhFLizdvdUKJiSw8d6A9BborherQ";
        byte[] wav = RecordingFiles.write(Path.of(dir), "acme", RecordingFileNames.stem(telnyx), STARTED, 500);
        Response link = given().header("X-Api-Key", ACME_KEY).get("/tenants/acme/calls/" + telnyx + "/recording");
        link.then().statusCode(200);
        String url = link.jsonPath().getString("url");
        assertTrue(url.startsWith("/recordings/acme/x-"), url);
        Response whole = given().urlEncodingEnabled(false).get(url);
        whole.then().statusCode(200);
        assertEquals(wav.length, whole.asByteArray().length);
    }

    @Test
    void erasingTheCallDeletesItsRecording() throws Exception {
        events.publish(new CallStarted("acme", "rec-erase", STARTED, "twilio", "+15550100", "+15550200"));
        events.publish(new CallEnded("acme", "rec-erase", STARTED.plusSeconds(5), 5000, "caller-hangup", 0, 0));
        RecordingFiles.write(Path.of(dir), "acme", "rec-erase", STARTED, 5000);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (given().header("X-Api-Key", ACME_KEY).get("/tenants/acme/calls/rec-erase").statusCode() != 200) {
            assertTrue(System.nanoTime() - deadline < 0, "the call's record never appeared");
            Thread.sleep(200);
        }
        String url = given().header("X-Api-Key", ACME_KEY).get("/tenants/acme/calls/rec-erase/recording")
                .jsonPath().getString("url");

        given().header("X-Api-Key", ACME_KEY).delete("/tenants/acme/calls/rec-erase").then().statusCode(204);
        assertFalse(Files.exists(Path.of(dir, "acme", "rec-erase.wav")));
        assertFalse(Files.exists(Path.of(dir, "acme", "rec-erase.json")));
        given().header("X-Api-Key", ACME_KEY).get("/tenants/acme/calls/rec-erase/recording").then().statusCode(404);
        assertEquals(404, given().urlEncodingEnabled(false).get(url).statusCode(), "a URL handed out before");
    }
}
