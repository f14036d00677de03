package dev.parley.dialogue.grpc;

import com.google.protobuf.ByteString;
import dev.parley.contracts.dialogue.v1.MutinyDialogueGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A call whose stream fails goes on over a new stream from the state of its last done, over real gRPC to the running
 * service: not greeted again, mid-number where it was; a state that does not parse fails only its own stream.
 */
@QuarkusTest
@Tag("quarkus")
class ResumeOverGrpcTest {

    @TestHTTPResource("/")
    URL base;

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

    static ByteString state(List<GrpcCall.Received> turn) {
        return turn.get(turn.size() - 1).response().getDone().getState();
    }

    @Test
    void aCallGoesOnOverANewStreamFromItsLastStateAndABadStateFailsOnlyItsOwn() throws Exception {
        double resumedBefore = resumedCalls();
        String callId = UUID.randomUUID().toString();
        GrpcCall first = new GrpcCall(stub).start("acme", callId);
        assertFalse(state(first.turn(0)).isEmpty(), "the greeting's done carries the state");
        first.say(1, "where is my order");
        first.turn(1);
        first.say(2, "nine oh");
        List<GrpcCall.Received> partial = first.turn(2);
        assertTrue(GrpcCall.text(partial).contains("so far"), GrpcCall.text(partial));
        first.hangUp(); // the stream is gone (its instance died); the gateway keeps the newest state

        GrpcCall second = new GrpcCall(stub).resume("acme", callId, state(partial));
        GrpcCall broken = new GrpcCall(stub).resume("acme", "c-broken", ByteString.copyFromUtf8("garbage"));
        Status refused = broken.failure();
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getCode());
        assertTrue(refused.getDescription().startsWith("resume_state"), refused.getDescription());

        second.say(3, "one two");
        List<GrpcCall.Received> answer = second.turn(3); // the first thing on the new stream: no greeting
        assertEquals("Order 9 0 1 2 was delivered on Monday.", GrpcCall.text(answer));
        second.hangUp();
        second.ended.get(10, TimeUnit.SECONDS);
        assertEquals(resumedBefore + 1, resumedCalls());
    }

    /** parley_dialogue_calls_resumed_total{tenant="acme"} on /q/metrics (0 before the first). */
    double resumedCalls() throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base + "q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("(?m)^parley_dialogue_calls_resumed_total\\{[^}]*tenant=\"acme\"[^}]*} (\\S+)$")
                .matcher(metrics.body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
