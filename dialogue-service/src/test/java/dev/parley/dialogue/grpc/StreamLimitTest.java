package dev.parley.dialogue.grpc;

import dev.parley.contracts.dialogue.v1.MutinyDialogueGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** At parley.capacity.max-streams open calls the next one is refused, counted, and served again once one ends. */
@QuarkusTest
@Tag("quarkus")
@TestProfile(StreamLimitTest.OneCall.class)
class StreamLimitTest {
    public static class OneCall implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.capacity.max-streams", "1");
        }
    }

    @TestHTTPResource("/")
    URL base;
    @Inject
    MeterRegistry registry;

    ManagedChannel channel;
    MutinyDialogueGrpc.MutinyDialogueStub stub;

    @BeforeEach
    void connect() {
        channel = NettyChannelBuilder.forAddress(base.getHost(), base.getPort()).usePlaintext().build();
        stub = MutinyDialogueGrpc.newMutinyStub(channel);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void aCallBeyondTheLimitIsRefusedWithResourceExhaustedUntilOneEnds() throws Exception {
        GrpcCall first = new GrpcCall(stub).start("acme", "first");
        first.turn(0);
        assertEquals(1.0, registry.get("parley.dialogue.streams.capacity").gauge().value(), 0.0);

        Status refused = new GrpcCall(stub).start("acme", "second").failure();
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getCode());
        assertEquals("dialogue-service is serving its maximum of 1 streams", refused.getDescription());
        assertEquals(1.0, registry.get("parley.dialogue.streams.refused").counter().count(), 0.0);

        first.hangUp();
        first.ended.get(20, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (registry.get("parley.dialogue.streams.active").gauge().value() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        GrpcCall third = new GrpcCall(stub).start("acme", "third");
        assertEquals("Hi, thanks for calling Acme. How can I help you today?", GrpcCall.text(third.turn(0)));
        third.hangUp();
    }
}
