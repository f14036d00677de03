package dev.parley.dialogue.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.parley.dialogue.support.WebhookServer;
import dev.parley.dialogue.tools.webhook.WebhookException;
import dev.parley.dialogue.tools.webhook.WebhookTool;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generic HTTP webhook tool against a real local HTTP server that checks signatures like a tenant would. */
class WebhookToolTest {

    static final String SECRET = "s3cret-for-tests";
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    final WebhookServer server;
    final Map<String, String> env = new HashMap<>(Map.of("PARLEY_TOOL_SECRET_ACME", SECRET));
    @TempDir
    Path tenantDir;

    WebhookToolTest() throws IOException {
        server = new WebhookServer(SECRET, WebhookServer.json(200, "{\"status\":\"shipped\"}"));
        env.put("SHOP_URL", server.url("/orders"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static String definition(String extra) {
        return """
                type: webhook
                url: "${SHOP_URL}"
                timeoutMs: 2000
                parameters:
                  type: object
                  properties:
                    order: { type: string }
                    amount: { type: number }
                    gift: { type: boolean }
                    items: { type: integer }
                  required: [order]
                """ + extra;
    }

    Tool tool(String yaml, List<String> allowedHosts) throws IOException {
        ToolDefinition def = YAML.readValue(yaml, ToolDefinition.class);
        return Tools.create("acme", Map.of("order_lookup", def), new ToolPolicy(allowedHosts, null, null), tenantDir,
                env::get).get("order_lookup");
    }

    Tool tool() throws IOException {
        return tool(definition(""), List.of("127.0.0.1"));
    }

    static ToolCall call(Map<String, String> arguments) {
        return new ToolCall("acme", "CA-1", 3, "order_lookup", arguments);
    }

    static ToolResult await(Tool tool, ToolCall call) {
        return tool.invoke(call).await().atMost(Duration.ofSeconds(20));
    }

    static Throwable failure(Tool tool, ToolCall call) {
        return tool.invoke(call).subscribe().withSubscriber(UniAssertSubscriber.create())
                .awaitFailure(Duration.ofSeconds(20)).getFailure();
    }

    @Test
    void postsASignedEnvelopeWithTypedArgumentsAndReadsTheAnswer() throws Exception {
        server.answer(WebhookServer.json(200, "{\"status\":\"shipped\",\"eta\":{\"day\":\"Friday\"},\"note\":null}"));
        ToolResult result = await(tool(), call(Map.of("order", "1234", "amount", "12.50", "gift", "true",
                "items", "3")));

        assertTrue(result.found());
        assertEquals(Map.of("status", "shipped", "eta", "{\"day\":\"Friday\"}"), result.fields());
        WebhookServer.Received r = server.received().get(0);
        assertTrue(r.signed(), "X-Parley-Signature checks out with the shared secret");
        assertEquals("POST", r.method());
        assertEquals("/orders", r.path());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("acme", r.header("X-Parley-Tenant"));
        assertEquals("CA-1", r.header("X-Parley-Call-Id"));
        assertEquals("order_lookup", r.header("X-Parley-Tool"));
        JsonNode body = JSON.readTree(r.body());
        assertEquals("order_lookup", body.get("tool").asText());
        assertEquals(3, body.get("turnId").asLong());
        assertEquals(call(Map.of("order", "1234", "amount", "12.50", "gift", "true", "items", "3")).idempotencyKey(),
                r.header("Idempotency-Key"));
        assertEquals(r.header("Idempotency-Key"), body.get("idempotencyKey").asText());
        JsonNode args = body.get("arguments");
        assertTrue(args.get("order").isTextual() && args.get("amount").isNumber() && args.get("gift").isBoolean()
                && args.get("items").isIntegralNumber(), args.toString());
    }

    @Test
    void theSignatureCoversTimestampAndBodySoATamperedRequestFails() {
        String header = new dev.parley.dialogue.tools.webhook.WebhookSigner(SECRET).sign(1_700_000_000L, "{\"a\":1}");
        assertTrue(header.matches("t=1700000000,v1=[0-9a-f]{64}"), header);
        assertTrue(WebhookServer.verify(SECRET, header, "{\"a\":1}", 1_700_000_010L));
        assertFalse(WebhookServer.verify(SECRET, header, "{\"a\":2}", 1_700_000_010L), "body changed");
        assertFalse(WebhookServer.verify("other", header, "{\"a\":1}", 1_700_000_010L), "another secret");
        assertFalse(WebhookServer.verify(SECRET, header, "{\"a\":1}", 1_700_001_000L), "replayed too late");
    }

    @Test
    void getSendsTheArgumentsAsASignedQuery() throws Exception {
        Tool get = tool(definition("method: GET\n"), List.of("127.0.0.1"));
        assertTrue(await(get, call(Map.of("order", "12 34"))).found());
        WebhookServer.Received r = server.received().get(0);
        assertEquals("GET", r.method());
        assertEquals("order=12+34", r.query());
        assertTrue(r.signed());
    }

    @Test
    void notFoundIs404OrFoundFalse() throws Exception {
        server.answer(WebhookServer.json(404, "{\"error\":\"no such order\"}"));
        assertFalse(await(tool(), call(Map.of("order", "1"))).found());
        server.answer(WebhookServer.json(200, "{\"found\":false,\"hint\":\"check the number\"}"));
        ToolResult r = await(tool(), call(Map.of("order", "1")));
        assertFalse(r.found());
        assertEquals("check the number", r.fields().get("hint"));
    }

    @Test
    void errorStatusesMalformedAnswersRedirectsAndHugeBodiesAreFailures() throws Exception {
        Tool tool = tool();
        server.answer(WebhookServer.json(500, "{\"error\":\"db down\"}"));
        assertTrue(failure(tool, call(Map.of("order", "1"))).getMessage().contains("answered HTTP 500"));
        server.answer(WebhookServer.json(200, "<html>oops</html>"));
        assertTrue(failure(tool, call(Map.of("order", "1"))).getMessage().contains("not JSON"));
        server.answer(WebhookServer.json(200, "[1, 2]"));
        assertTrue(failure(tool, call(Map.of("order", "1"))).getMessage().contains("must answer a JSON object"));
        server.answer((exchange, request) -> {
            exchange.getResponseHeaders().add("Location", server.url("/elsewhere"));
            WebhookServer.send(exchange, 302, "");
        });
        assertTrue(failure(tool, call(Map.of("order", "1"))).getMessage().contains("HTTP 302"));
        server.answer(WebhookServer.json(200, "{\"blob\":\"" + "x".repeat(70_000) + "\"}"));
        assertTrue(failure(tool, call(Map.of("order", "1"))).getMessage().contains("longer than"));
        assertTrue(server.received().stream().noneMatch(r -> r.path().equals("/elsewhere")), "redirect not followed");
    }

    @Test
    void aTimeoutIsAFailureNamingTheTool() throws Exception {
        server.answer(WebhookServer.slow(3000, WebhookServer.json(200, "{}")));
        Tool tool = tool(definition("").replace("timeoutMs: 2000", "timeoutMs: 200"), List.of("127.0.0.1"));
        Throwable error = failure(tool, call(Map.of("order", "1")));
        assertInstanceOf(WebhookException.class, error);
        assertEquals("order_lookup: no answer from 127.0.0.1 within 200 ms", error.getMessage());
    }

    @Test
    void aHostOutsideTheAllowListIsRefusedWhenTheTenantLoads() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tool(definition(""), List.of("api.acme.example")));
        assertEquals("tool 'order_lookup': host '127.0.0.1' of url " + server.url("/orders")
                + " is not in toolPolicy.allowedHosts [api.acme.example]", e.getMessage());
        env.put("SHOP_URL", "http://127.0.0.1.evil.example/x");
        assertThrows(IllegalArgumentException.class, () -> tool(definition(""), List.of("127.0.0.1")));
        env.put("SHOP_URL", "http://shop.acme.example/x");
        assertEquals(URI.create("http://shop.acme.example/x"),
                ((WebhookTool) tool(definition(""), List.of("*.acme.example"))).url());
    }

    @Test
    void andAgainBeforeEveryRequest() throws Exception {
        ToolDefinition.Webhook def = YAML.readValue(definition(""), ToolDefinition.Webhook.class);
        WebhookTool tool = new WebhookTool("order_lookup", def, URI.create(server.url("/orders")),
                new ToolPolicy(List.of("api.acme.example"), null, null),
                new dev.parley.dialogue.tools.webhook.WebhookSigner(SECRET), "-", Clock.systemUTC());
        assertTrue(failure(tool, call(Map.of("order", "1"))).getMessage().contains("not in the tenant's allowedHosts"));
        assertEquals(List.of(), server.received());
    }

    @Test
    void placeholdersTakeConfigurationValuesOrTheirDefault() throws IOException {
        env.remove("SHOP_URL");
        String withDefault = definition("").replace("${SHOP_URL}", "${SHOP_URL:" + server.url("/fallback") + "}");
        assertEquals(URI.create(server.url("/fallback")), ((WebhookTool) tool(withDefault, List.of("127.0.0.1"))).url());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::tool);
        assertTrue(e.getMessage().contains("needs SHOP_URL"), e.getMessage());
    }

    @Test
    void withoutASecretNothingIsSent() throws Exception {
        env.remove("PARLEY_TOOL_SECRET_ACME");
        Throwable error = failure(tool(), call(Map.of("order", "1")));
        assertTrue(error.getMessage().contains("PARLEY_TOOL_SECRET_ACME_ORDER_LOOKUP or PARLEY_TOOL_SECRET_ACME"),
                error.getMessage());
        assertEquals(List.of(), server.received());
        // A per-tool secret wins over the tenant's.
        env.put("PARLEY_TOOL_SECRET_ACME_ORDER_LOOKUP", SECRET);
        env.put("PARLEY_TOOL_SECRET_ACME", "not-this-one");
        await(tool(), call(Map.of("order", "1")));
        assertTrue(server.received().get(0).signed());
    }

    @Test
    void badArgumentsAreRefusedBeforeSending() throws Exception {
        assertTrue(failure(tool(), call(Map.of("order", "1", "items", "three"))).getMessage()
                .contains("argument 'items' must be of type integer"));
        assertTrue(failure(tool(), call(Map.of("amount", "3"))).getMessage().contains("'order' is required"));
        assertEquals(List.of(), server.received());
    }

    @Test
    void cancellingTheCallAbortsTheRequest() throws Exception {
        server.answer(server.holdUntilGone());
        UniAssertSubscriber<ToolResult> s = tool().invoke(call(Map.of("order", "1")))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.received().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        s.cancel();
        assertTrue(server.clientGone.await(10, TimeUnit.SECONDS), "the request was not aborted");
    }
}
