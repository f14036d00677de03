package dev.parley.dialogue.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.dialogue.llm.http.SseClient;
import dev.parley.dialogue.llm.openai.OpenAiChatProvider;
import dev.parley.dialogue.support.OpenAiWire;
import dev.parley.dialogue.support.ReplayServer;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenAiChatProviderTest {

    static final SseClient HTTP = new SseClient(Duration.ofSeconds(2));
    static final LlmRequest ASK = new LlmRequest("You are Acme's phone agent.",
            List.of(LlmMessage.assistant("Hi, how can I help?"), LlmMessage.user("where is my order 1234")),
            List.of(new LlmToolSpec("order_status", "Looks an order up.", new ObjectMapper().createObjectNode()
                    .put("type", "object"))));

    final ReplayServer server;
    final OpenAiChatProvider provider;

    OpenAiChatProviderTest() throws Exception {
        server = new ReplayServer();
        provider = new OpenAiChatProvider(HTTP, server.baseUrl() + "/v1", "gpt-4o-mini", "sk-test", 200, 0.2);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    List<LlmEvent> run() {
        return provider.stream(ASK).collect().asList().await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void streamsTextDeltasAndSendsADocumentedRequest() {
        server.then(ReplayServer.stream(OpenAiWire.answer("Order 1234 has shipped.")));
        List<LlmEvent> events = run();
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e instanceof LlmEvent.TextDelta)
                .forEach(e -> text.append(((LlmEvent.TextDelta) e).text()));
        assertEquals("Order 1234 has shipped.", text.toString());
        assertEquals(new LlmEvent.Finished("stop"), events.get(events.size() - 1));

        ReplayServer.Received req = server.received().get(0);
        assertEquals("/v1/chat/completions", req.path());
        assertEquals("Bearer sk-test", req.authorization());
        JsonNode body = req.body();
        assertTrue(body.get("stream").asBoolean());
        assertEquals("gpt-4o-mini", body.get("model").asText());
        assertEquals("system", body.at("/messages/0/role").asText());
        assertEquals("where is my order 1234", body.at("/messages/2/content").asText());
        assertEquals("order_status", body.at("/tools/0/function/name").asText());
    }

    @Test
    void assemblesAToolCallSplitAcrossChunksAndNetworkWrites() {
        List<String> wire = new ArrayList<>(OpenAiWire.toolCall("call_Ab12", "order_status", "{\"or", "der\": \"12",
                "34\"}"));
        // Cut one chunk in the middle of its JSON, so a network read ends mid-line.
        String second = wire.remove(1);
        wire.add(1, second.substring(0, 40));
        wire.add(2, second.substring(40));
        server.then(ReplayServer.stream(wire));
        List<LlmEvent> events = run();
        assertEquals(List.of(new LlmEvent.ToolCalls(List.of(new LlmToolCall("call_Ab12", "order_status",
                "{\"order\": \"1234\"}"))), new LlmEvent.Finished("tool_calls")), events);
    }

    @Test
    void aRateLimitIsAnErrorWithTheProvidersMessage() {
        server.then(ReplayServer.error(429, "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini\","
                + "\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}"));
        LlmException e = assertThrows(LlmException.class, this::run);
        assertEquals(429, e.status());
        assertTrue(e.getMessage().contains("Rate limit reached for gpt-4o-mini"), e.getMessage());
    }

    @Test
    void aServerErrorIsAnError() {
        server.then(ReplayServer.error(500, "{\"error\":{\"message\":\"The server had an error while processing "
                + "your request.\",\"type\":\"server_error\"}}"));
        LlmException e = assertThrows(LlmException.class, this::run);
        assertEquals(500, e.status());
        assertTrue(e.getMessage().contains("server_error"), e.getMessage());
    }

    @Test
    void aDroppedConnectionFailsTheStreamAfterWhatArrived() {
        server.then(ReplayServer.dropAfter(List.of(OpenAiWire.role(), OpenAiWire.text("Order "))));
        AssertSubscriber<LlmEvent> sub = provider.stream(ASK).subscribe().withSubscriber(AssertSubscriber.create(50));
        sub.awaitFailure(Duration.ofSeconds(10));
        assertEquals(List.of(new LlmEvent.TextDelta("Order ")), sub.getItems());
        assertInstanceOf(LlmException.class, sub.getFailure());
    }

    @Test
    void aStreamThatEndsWithoutDoneIsNotTakenForAWholeAnswer() {
        server.then(ReplayServer.stream(List.of(OpenAiWire.role(), OpenAiWire.text("Order"))));
        LlmException e = assertThrows(LlmException.class, this::run);
        assertTrue(e.getMessage().contains("[DONE]"), e.getMessage());
    }

    @Test
    void cancellingTheStreamClosesTheConnection() throws Exception {
        server.then(ReplayServer.thenHold(List.of(OpenAiWire.role(), OpenAiWire.text("Let me "))));
        AssertSubscriber<LlmEvent> sub = provider.stream(ASK).subscribe().withSubscriber(AssertSubscriber.create(50));
        sub.awaitItems(1, Duration.ofSeconds(10));
        sub.cancel();
        assertTrue(server.clientGone.await(10, TimeUnit.SECONDS), "the server still has a client");
    }

    @Test
    void cancellingBeforeAnyTokenClosesTheConnection() throws Exception {
        server.then(ReplayServer.thenHold(List.of()));
        AssertSubscriber<LlmEvent> sub = provider.stream(ASK).subscribe().withSubscriber(AssertSubscriber.create(50));
        Thread.sleep(200);
        sub.cancel();
        assertTrue(server.clientGone.await(10, TimeUnit.SECONDS), "the server still has a client");
    }

    @Test
    void cancellingBeforeTheResponseHeadersAbortsTheRequest() throws Exception {
        server.then((exchange, srv) -> {
            Thread.sleep(300);
            ReplayServer.thenHold(List.of(OpenAiWire.role())).play(exchange, srv);
        });
        AssertSubscriber<LlmEvent> sub = provider.stream(ASK).subscribe().withSubscriber(AssertSubscriber.create(50));
        Thread.sleep(100);
        sub.cancel();
        assertTrue(server.clientGone.await(10, TimeUnit.SECONDS), "the server still has a client");
    }
}
