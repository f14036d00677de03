package dev.parley.dialogue.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.dialogue.llm.anthropic.AnthropicMessagesProvider;
import dev.parley.dialogue.llm.http.SseClient;
import dev.parley.dialogue.support.AnthropicWire;
import dev.parley.dialogue.support.ReplayServer;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnthropicMessagesProviderTest {

    static final SseClient HTTP = new SseClient(Duration.ofSeconds(2));
    static final LlmRequest ASK = new LlmRequest("You are Acme's phone agent.", List.of(
            LlmMessage.assistant("Hi, how can I help?"),
            LlmMessage.user("where is my order 1234"),
            LlmMessage.assistantCalls("Let me check.", List.of(new LlmToolCall("toolu_1", "order_status",
                    "{\"order\":\"1234\"}"))),
            LlmMessage.toolResult("toolu_1", "{\"found\":true,\"status\":\"has shipped\"}")),
            List.of(new LlmToolSpec("order_status", "Looks an order up.",
                    new ObjectMapper().createObjectNode().put("type", "object"))));

    final ReplayServer server;
    final AnthropicMessagesProvider provider;

    AnthropicMessagesProviderTest() throws Exception {
        server = new ReplayServer();
        provider = new AnthropicMessagesProvider(HTTP, server.baseUrl(), "claude-haiku", "ak-test", 200, 0.2);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    List<LlmEvent> run() {
        return provider.stream(ASK).collect().asList().await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void streamsTextAndMapsTheConversationToStrictlyAlternatingRoles() {
        server.then(ReplayServer.stream(AnthropicWire.answer("It has shipped.")));
        List<LlmEvent> events = run();
        assertEquals(List.of(new LlmEvent.TextDelta("It "), new LlmEvent.TextDelta("has "),
                new LlmEvent.TextDelta("shipped."), new LlmEvent.Finished("end_turn")), events);

        ReplayServer.Received req = server.received().get(0);
        assertEquals("/v1/messages", req.path());
        assertEquals("ak-test", req.apiKey());
        assertEquals("2023-06-01", req.anthropicVersion());
        JsonNode body = req.body();
        assertEquals("You are Acme's phone agent.", body.get("system").asText());
        assertEquals(200, body.get("max_tokens").asInt());
        // user (placeholder) / assistant (greeting) / user / assistant (text + tool_use) / user (tool_result)
        assertEquals(5, body.get("messages").size());
        assertEquals("user", body.at("/messages/0/role").asText());
        assertEquals("tool_use", body.at("/messages/3/content/1/type").asText());
        assertEquals("1234", body.at("/messages/3/content/1/input/order").asText());
        assertEquals("tool_result", body.at("/messages/4/content/0/type").asText());
        assertEquals("toolu_1", body.at("/messages/4/content/0/tool_use_id").asText());
        assertEquals("object", body.at("/tools/0/input_schema/type").asText());
    }

    @Test
    void assemblesToolUseFromInputJsonDeltas() {
        String partial = AnthropicWire.inputJson(1, "{\"order\": \"12");
        server.then(ReplayServer.stream(List.of(AnthropicWire.messageStart(), AnthropicWire.textStart(0),
                AnthropicWire.text(0, "Let me check. "), AnthropicWire.blockStop(0),
                AnthropicWire.toolStart(1, "toolu_01A", "order_status"), AnthropicWire.inputJson(1, ""),
                partial.substring(0, 30), partial.substring(30), AnthropicWire.inputJson(1, "34\"}"),
                AnthropicWire.blockStop(1), AnthropicWire.messageDelta("tool_use"), AnthropicWire.messageStop())));
        assertEquals(List.of(new LlmEvent.TextDelta("Let me check. "),
                new LlmEvent.ToolCalls(List.of(new LlmToolCall("toolu_01A", "order_status", "{\"order\": \"1234\"}"))),
                new LlmEvent.Finished("tool_use")), run());
    }

    @Test
    void anOverloadedStatusIsAnErrorWithTheProvidersMessage() {
        server.then(ReplayServer.error(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"}}"));
        LlmException e = assertThrows(LlmException.class, this::run);
        assertEquals(529, e.status());
        assertTrue(e.getMessage().contains("overloaded_error: Overloaded"), e.getMessage());
    }

    @Test
    void anErrorEventMidStreamFailsIt() {
        server.then(ReplayServer.stream(List.of(AnthropicWire.messageStart(), AnthropicWire.textStart(0),
                AnthropicWire.text(0, "It "), AnthropicWire.error("api_error", "Internal server error"))));
        AssertSubscriber<LlmEvent> sub = provider.stream(ASK).subscribe().withSubscriber(AssertSubscriber.create(50));
        sub.awaitFailure(Duration.ofSeconds(10));
        assertEquals(List.of(new LlmEvent.TextDelta("It ")), sub.getItems());
        assertTrue(sub.getFailure().getMessage().contains("api_error"), sub.getFailure().getMessage());
    }

    @Test
    void aDroppedConnectionFailsTheStream() {
        server.then(ReplayServer.dropAfter(List.of(AnthropicWire.messageStart(), AnthropicWire.textStart(0))));
        assertInstanceOf(LlmException.class, assertThrows(RuntimeException.class, this::run));
    }

    @Test
    void cancellingTheStreamClosesTheConnection() throws Exception {
        server.then(ReplayServer.thenHold(List.of(AnthropicWire.messageStart(), AnthropicWire.textStart(0),
                AnthropicWire.text(0, "Let me "))));
        AssertSubscriber<LlmEvent> sub = provider.stream(ASK).subscribe().withSubscriber(AssertSubscriber.create(50));
        sub.awaitItems(1, Duration.ofSeconds(10));
        sub.cancel();
        assertTrue(server.clientGone.await(10, TimeUnit.SECONDS), "the server still has a client");
    }
}
