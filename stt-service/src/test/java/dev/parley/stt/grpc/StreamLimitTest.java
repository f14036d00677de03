package dev.parley.stt.grpc;

import dev.parley.contracts.stt.v1.RecognizeResponse;
import dev.parley.stt.metrics.SttMetrics;
import dev.parley.stt.support.HttpGet;
import dev.parley.stt.support.SttClient;
import dev.parley.stt.support.TestAudio;
import io.grpc.Status;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** At parley.capacity.max-streams open streams the next one is refused, counted, and served again once one ends. */
@QuarkusTest
@TestProfile(StreamLimitTest.OneStream.class)
class StreamLimitTest {
    public static class OneStream implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.capacity.max-streams", "1");
        }
    }

    @TestHTTPResource("/")
    URL server;
    @Inject
    SttMetrics metrics;
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
    void aStreamBeyondTheLimitIsRefusedWithResourceExhaustedUntilOneEnds() throws Exception {
        List<byte[]> chunks = TestAudio.chunks(TestAudio.goForward16k(), 16000, 20);
        SttClient.Call first = client.open().config("acme", "call-1", 16000).audio(chunks.subList(0, 100));
        first.awaitResponse(RecognizeResponse::hasPartial);

        Status refused = client.open().config("acme", "call-2", 16000).awaitEnd();
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getCode());
        assertEquals("stt-service is serving its maximum of 1 streams", refused.getDescription());
        assertEquals(1.0, HttpGet.metric(server, "parley_stt_streams_refused_total"), 0.0);
        assertEquals(1.0, HttpGet.metric(server, "parley_stt_streams_capacity"), 0.0);

        first.complete();
        assertEquals(Status.Code.OK, first.awaitEnd().getCode());
        long deadline = System.nanoTime() + SttClient.TIMEOUT.toNanos();
        while (metrics.activeStreams() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        SttClient.Call third = client.open().config("acme", "call-3", 16000).audio(chunks.subList(0, 100));
        third.awaitResponse(RecognizeResponse::hasPartial);
        third.complete();
        assertEquals(Status.Code.OK, third.awaitEnd().getCode());
    }
}
