package dev.parley.dialogue.grpc;

import dev.parley.contracts.dialogue.v1.MutinyDialogueGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * At parley.capacity.max-streams open calls the next one is refused, counted, and served again once one ends. Runs at
 * the configured limit: a test profile would restart Quarkus, which the tokenizer's native library does not survive.
 */
@QuarkusTest
@Tag("quarkus")
class StreamLimitTest {
    @ConfigProperty(name = "parley.capacity.max-streams")
    int maxStreams;
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
        awaitNoOpenStreams(); // calls of other tests still closing
        assertEquals(maxStreams, registry.get("parley.dialogue.streams.capacity").gauge().value(), 0.0);
        List<GrpcCall> calls = new ArrayList<>();
        for (int i = 0; i < maxStreams; i++) {
            GrpcCall call = new GrpcCall(stub).start("acme", "full-" + i);
            call.turn(0);
            calls.add(call);
        }
        double refusedBefore = registry.get("parley.dialogue.streams.refused").counter().count();

        Status refused = new GrpcCall(stub).start("acme", "one-too-many").failure();
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getCode());
        assertEquals("dialogue-service is serving its maximum of " + maxStreams + " streams", refused.getDescription());
        assertEquals(refusedBefore + 1, registry.get("parley.dialogue.streams.refused").counter().count(), 0.0);

        for (GrpcCall call : calls) {
            call.hangUp();
            call.ended.get(20, TimeUnit.SECONDS);
        }
        awaitNoOpenStreams();
        GrpcCall next = new GrpcCall(stub).start("acme", "next");
        assertEquals("Hi, thanks for calling Acme. How can I help you today?", GrpcCall.text(next.turn(0)));
        next.hangUp();
    }

    private void awaitNoOpenStreams() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (registry.get("parley.dialogue.streams.active").gauge().value() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("streams still open: "
                        + registry.get("parley.dialogue.streams.active").gauge().value());
            }
            Thread.sleep(20);
        }
    }
}
