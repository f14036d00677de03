package dev.parley.tts.session;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

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

    static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL url;
    @Inject
    MeterRegistry registry;

    private ManagedChannel channel;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext().build();
    }

    @AfterEach
    void disconnect() {
        channel.shutdownNow();
    }

    @Test
    void aStreamBeyondTheLimitIsRefusedWithResourceExhaustedUntilOneEnds() throws Exception {
        TtsClient first = TtsClient.open(channel).config("call-1", 8000, "").text("Hello there. ");
        assertNotNull(first.nextAudio(WAIT));
        assertEquals(1.0, registry.get("parley.tts.streams.capacity").gauge().value(), 0.0);

        TtsClient second = TtsClient.open(channel).config("call-2", 8000, "").text("Hello. ");
        Status refused = Status.fromThrowable(second.awaitEnd(WAIT));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getCode());
        assertEquals("tts-service is serving its maximum of 1 streams", refused.getDescription());
        assertEquals(1.0, registry.get("parley.tts.streams.refused").counter().count(), 0.0);

        first.end();
        first.awaitEnd(WAIT);
        TtsClient third = openWhenServed();
        assertNotNull(third.nextAudio(WAIT));
        third.end();
    }

    /** Retries (with a deadline) until a stream is served: the first one's slot is freed just after its last reply. */
    private TtsClient openWhenServed() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            TtsClient client = TtsClient.open(channel).config("call-3", 8000, "").text("Hello again. ");
            while (client.audio.isEmpty() && !client.finished.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (!client.audio.isEmpty()) {
                return client;
            }
        }
        throw new AssertionError("the first stream's slot was never freed");
    }
}
