package dev.parley.stt.grpc;

import dev.parley.contracts.events.SpeechRecognized;
import dev.parley.contracts.stt.v1.StreamConfig;
import dev.parley.contracts.stt.v1.Transcript;
import dev.parley.stt.support.HttpGet;
import dev.parley.stt.support.RecordingEventPublisher;
import dev.parley.stt.support.SttClient;
import dev.parley.stt.support.TestAudio;
import io.grpc.Status;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gets a clear error and costs nothing else. */
@QuarkusTest
class RecognizeValidationTest {
    private static final String ODD_SKIPS = "parley_stt_requests_skipped_total{reason=\"odd-length-audio\"}";
    @TestHTTPResource("/")
    URL server;
    @Inject
    RecordingEventPublisher events;
    private SttClient client;

    @BeforeEach
    void connect() {
        client = new SttClient(server.getPort());
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        client.close();
    }

    @Test
    void audioBeforeConfig_isRejected() {
        SttClient.Call call = client.open().audio(new byte[640]);
        assertRejected(call.awaitEnd(), "the first request must be config");
    }

    @Test
    void unsupportedSampleRate_isRejectedWithTheAcceptedRates() {
        SttClient.Call call = client.open().config("acme", "call-44k", 44100);
        assertRejected(call.awaitEnd(), "sample_rate_hz must be 8000 or 16000, got 44100");
        assertTrue(events.of(SpeechRecognized.class, "call-44k").isEmpty(), "a refused stream is not billed");
    }

    @Test
    void missingTenantOrCall_isRejected() {
        assertRejected(client.open().config(" ", "call-x", 16000).awaitEnd(), "tenant_id must not be empty");
        assertRejected(client.open().config("acme", "", 16000).awaitEnd(), "call_id must not be empty");
    }

    @Test
    void unsupportedLanguage_isRejected() {
        SttClient.Call call = client.open().config(StreamConfig.newBuilder().setTenantId("acme")
                .setCallId("call-de").setSampleRateHz(16000).setLanguage("de-DE").build());
        assertRejected(call.awaitEnd(), "language 'de-DE' is not supported");
    }

    @Test
    void secondConfig_isRejected() {
        SttClient.Call call = client.open().config("acme", "call-twice", 16000).config("acme", "call-twice", 8000);
        assertRejected(call.awaitEnd(), "config was already sent");
        assertEquals(1, events.of(SpeechRecognized.class, "call-twice").size(), "the opened engine is released");
    }

    @Test
    void oddLengthChunk_isSkippedAndCounted_streamGoesOn() {
        double before = HttpGet.metric(server, ODD_SKIPS);
        List<byte[]> chunks = TestAudio.chunks(TestAudio.goForward16k(), 16000, 20);
        SttClient.Call call = client.open().config("acme", "call-odd", 16000)
                .audio(chunks.subList(0, 10)).audio(new byte[3]).audio(new byte[5])
                .audio(chunks.subList(10, chunks.size())).flush(1);

        Transcript fin = call.awaitFlushFinal(1);
        call.complete();
        assertEquals(Status.Code.OK, call.awaitEnd().getCode());
        assertEquals(TestAudio.GO_FORWARD_TEXT, fin.getText());
        assertEquals(2, HttpGet.metric(server, ODD_SKIPS) - before);
    }

    @Test
    void aRejectedStream_doesNotDisturbAnotherStream() {
        List<byte[]> chunks = TestAudio.chunks(TestAudio.goForward16k(), 16000, 20);
        SttClient.Call good = client.open().config("acme", "call-good", 16000).audio(chunks.subList(0, 60));
        SttClient.Call bad = client.open().config("acme", "call-bad", 12345);
        assertRejected(bad.awaitEnd(), "sample_rate_hz");

        good.audio(chunks.subList(60, chunks.size())).flush(9);
        assertEquals(TestAudio.GO_FORWARD_TEXT, good.awaitFlushFinal(9).getText());
        good.complete();
        assertEquals(Status.Code.OK, good.awaitEnd().getCode());
    }

    private static void assertRejected(Status status, String message) {
        assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode(), String.valueOf(status));
        assertTrue(status.getDescription() != null && status.getDescription().contains(message),
                "description '" + status.getDescription() + "' should contain '" + message + "'");
    }
}
