package dev.parley.dialogue.grpc;

import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.dialogue.v1.MutinyDialogueGrpc;
import dev.parley.contracts.events.CallAnalyzed;
import dev.parley.contracts.events.ToolInvoked;
import dev.parley.dialogue.support.RecordingEventPublisher;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dialogue.Converse over a real gRPC connection to the running service, with the acme tenant. */
@QuarkusTest
@Tag("quarkus")
class DialogueGrpcServiceTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    RecordingEventPublisher events;

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

    static DialogueResponse last(List<GrpcCall.Received> turn) {
        return turn.get(turn.size() - 1).response();
    }

    @Test
    void greetsThenStreamsAnAnswerAsDeltasAndDone() throws Exception {
        String callId = UUID.randomUUID().toString();
        GrpcCall call = new GrpcCall(stub).start("acme", callId);
        List<GrpcCall.Received> greeting = call.turn(0);
        assertEquals("Hi, thanks for calling Acme. How can I help you today?", GrpcCall.text(greeting));
        assertEquals(3, greeting.size());
        assertEquals("flow", last(greeting).getDone().getBrain());

        call.say(1, "where is my order one two three four");
        List<GrpcCall.Received> answer = call.turn(1);
        String text = GrpcCall.text(answer);
        assertTrue(text.contains("shipped") && text.contains("Friday"), text);
        assertEquals("flow", last(answer).getDone().getBrain());
        ToolInvoked run = events.ofCall(ToolInvoked.class, callId).get(0);
        assertEquals(1, run.turnId());
        assertEquals("order_status", run.tool());

        call.hangUp();
        call.ended.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aCallTheGatewayEndsIsAnalysedOnceAndPublished() throws Exception {
        String callId = UUID.randomUUID().toString();
        GrpcCall call = new GrpcCall(stub).start("acme", callId);
        call.turn(0);
        call.say(1, "where is my order one two three four");
        call.turn(1);
        call.say(2, "that's all, bye");
        call.turn(2);
        assertEquals(List.of(), events.ofCall(CallAnalyzed.class, callId), "not before the call is over");
        call.hangUp();
        call.ended.get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (events.ofCall(CallAnalyzed.class, callId).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no call.analyzed");
            Thread.sleep(5);
        }
        CallAnalyzed analyzed = events.ofCall(CallAnalyzed.class, callId).get(0);
        assertEquals("agent-hangup", analyzed.endReason());
        assertEquals(Boolean.TRUE, analyzed.goalReached());
        assertEquals("1234", analyzed.values().get("order_number"));
        Thread.sleep(100);
        assertEquals(1, events.ofCall(CallAnalyzed.class, callId).size());
    }

    @Test
    void saysGoodbyeThenEndsTheCall() throws InterruptedException {
        GrpcCall call = new GrpcCall(stub).start("acme", "bye-call");
        call.turn(0);
        call.say(1, "that's all, bye");
        List<GrpcCall.Received> turn = call.turn(1);
        int n = turn.size();
        assertTrue(turn.get(n - 2).response().getAction().hasEndCall(), turn.toString());
        assertTrue(turn.get(0).response().hasTextDelta());
        assertEquals("Thanks for calling Acme. Goodbye!", GrpcCall.text(turn));
        call.hangUp();
    }

    @Test
    void transfersWithTheTenantsTarget() throws InterruptedException {
        GrpcCall call = new GrpcCall(stub).start("acme", "transfer-call");
        call.turn(0);
        call.say(4, "I need to speak to a real person");
        List<GrpcCall.Received> turn = call.turn(4);
        assertEquals("Sure, I'll connect you with a colleague now.", GrpcCall.text(turn));
        assertEquals("sip:support@acme.example", turn.get(turn.size() - 2).response().getAction().getTransfer().getTarget());
        call.hangUp();
    }

    @Test
    void callsKeepTheirOwnState() throws InterruptedException {
        GrpcCall a = new GrpcCall(stub).start("acme", "call-a");
        GrpcCall b = new GrpcCall(stub).start("acme", "call-b");
        a.turn(0);
        b.turn(0);
        a.say(1, "where is my order");
        assertTrue(GrpcCall.text(a.turn(1)).contains("order number"));
        b.say(1, "five six seven eight");
        assertEquals("Order 5 6 7 8 is still being packed and ships tomorrow.", GrpcCall.text(b.turn(1)));
        a.say(2, "nine oh one two");
        assertEquals("Order 9 0 1 2 was delivered on Monday.", GrpcCall.text(a.turn(2)));
        a.hangUp();
        b.hangUp();
    }

    @Test
    void anUnknownTenantIsNotFound() throws InterruptedException {
        Status status = new GrpcCall(stub).start("nobody", "c").failure();
        assertEquals(Status.Code.NOT_FOUND, status.getCode());
        assertEquals("unknown tenant 'nobody'", status.getDescription());
    }

    @Test
    void aTurnBeforeStartIsAFailedPrecondition() throws InterruptedException {
        GrpcCall call = new GrpcCall(stub);
        call.say(1, "hello");
        assertEquals(Status.Code.FAILED_PRECONDITION, call.failure().getCode());
    }

    @Test
    void timeToFirstTextOverGrpc() throws InterruptedException {
        List<String> utterances = List.of("where is my order", "one two three four", "what are your opening hours",
                "can I return something", "do you charge for shipping", "the purple elephant dances",
                "check order fifty six seventy eight", "thank you", "how long does delivery take", "hello");
        GrpcCall call = new GrpcCall(stub).start("acme", "latency-call");
        call.turn(0);
        List<Long> samples = new ArrayList<>();
        for (int i = 1; i <= 55; i++) {
            long sent = call.say(i, utterances.get(i % utterances.size()));
            List<GrpcCall.Received> turn = call.turn(i);
            assertTrue(turn.get(0).response().hasTextDelta(), turn.toString());
            if (i > 5) {
                samples.add(turn.get(0).nanos() - sent);
            }
        }
        Collections.sort(samples);
        System.out.printf("gRPC round trip to first text over %d turns: p50=%.1f ms p95=%.1f ms max=%.1f ms%n",
                samples.size(), samples.get(24) / 1e6, samples.get(47) / 1e6, samples.get(49) / 1e6);
        call.hangUp();
    }

    @Test
    void reportsHealthAndMetrics() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(base.toURI().resolve("/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode(), ready.body());
        // Every tenant folder of the project is served: the shop and the dental clinic.
        assertTrue(ready.body().matches("(?s).*\"loaded\"\\s*:\\s*\"acme,brightsmile\".*"),
                ready.body());

        GrpcCall call = new GrpcCall(stub).start("acme", "metrics-call");
        call.turn(0);
        call.say(1, "when are you open");
        call.turn(1);
        call.hangUp();
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(metrics.body().contains("parley_dialogue_first_text_seconds_count{tenant=\"acme\"}"),
                metrics.body());
    }
}
