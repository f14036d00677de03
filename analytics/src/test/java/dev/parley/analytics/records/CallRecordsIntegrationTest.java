package dev.parley.analytics.records;

import dev.parley.analytics.InProcessKafka;
import dev.parley.contracts.events.AgentTurnEvent;
import dev.parley.contracts.events.BargeIn;
import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallStarted;
import dev.parley.contracts.events.EngineFallback;
import dev.parley.contracts.events.ToolInvoked;
import dev.parley.contracts.events.TransferRequested;
import dev.parley.contracts.events.UserTurnEvent;
import dev.parley.events.EventPublisher;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Call records on a real broker: events published by the events module, folded by the running topology, listed
 * and read over REST with tenant keys, and erased through the erasure topic.
 */
@QuarkusTest
@QuarkusTestResource(value = InProcessKafka.class, restrictToAnnotatedClass = true)
class CallRecordsIntegrationTest {
    private static final String ACME_KEY = "test-acme-key";
    private static final String GLOBEX_KEY = "test-globex-key";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");

    @Inject
    EventPublisher events;

    @Test
    void callsAreListedNewestFirstFilteredPagedReadAndErased() {
        // Seven acme calls a minute apart (every third transferred, the fifth with a fallback), one of globex.
        for (int i = 0; i < 7; i++) {
            call("acme", "acme-" + i, T0.plusSeconds(60L * i), i % 3 == 0, i == 4);
        }
        call("globex", "globex-0", T0.plusSeconds(30), false, false);
        List<String> newestFirst = List.of("acme-6", "acme-5", "acme-4", "acme-3", "acme-2", "acme-1", "acme-0");

        await("/tenants/acme/calls?limit=100", ACME_KEY,
                r -> r.jsonPath().getList("calls.callId").equals(newestFirst)
                        && r.jsonPath().getList("calls.endReason").stream().allMatch(reason -> reason != null));

        // Pages of three, newest first, each continuing where the last stopped.
        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = given().header("X-Api-Key", ACME_KEY).queryParam("limit", 3)
                    .queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor)).get("/tenants/acme/calls");
            page.then().statusCode(200);
            paged.addAll(page.jsonPath().getList("calls.callId"));
            cursor = page.jsonPath().getString("next");
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(newestFirst, paged);
        assertEquals(3, pages);

        assertEquals(List.of("acme-6", "acme-3", "acme-0"), ids("/tenants/acme/calls?transferred=true"));
        assertEquals(List.of("acme-6", "acme-3", "acme-0"), ids("/tenants/acme/calls?endReason=transferred"));
        assertEquals(List.of("acme-5", "acme-2", "acme-1"), ids("/tenants/acme/calls?endReason=caller-hangup"
                + "&transferred=false&errors=false"));
        assertEquals(List.of("acme-4"), ids("/tenants/acme/calls?errors=true"));
        assertEquals(List.of("acme-3", "acme-2"), ids("/tenants/acme/calls?from=2026-11-02T09:02:00Z"
                + "&to=2026-11-02T09:03:00Z"));
        assertEquals(List.of("globex-0"), idsAs(GLOBEX_KEY, "/tenants/globex/calls"));

        given().header("X-Api-Key", ACME_KEY).get("/tenants/acme/calls/acme-4").then().statusCode(200)
                .body("caller", equalTo("+15550100"))
                .body("dialled", equalTo("+15550200"))
                .body("transport", equalTo("twilio"))
                .body("durationMs", equalTo(30_500))
                .body("billedSeconds", equalTo(31))
                .body("billing.rounding", equalTo("second"))
                .body("turns.callerText", equalTo(List.of("where is my order")))
                .body("turns[0].agentHeard", equalTo("Your order"))
                .body("turns[0].interrupted", equalTo(true))
                .body("tools[0].name", equalTo("order_status"))
                .body("fallbacks[0].failedEngine", equalTo("festival"))
                .body("errors", equalTo(1));

        // Another tenant's key: 403; another tenant's call under one's own tenant: 404 like an unknown call.
        given().header("X-Api-Key", GLOBEX_KEY).get("/tenants/acme/calls").then().statusCode(403);
        given().header("X-Api-Key", GLOBEX_KEY).get("/tenants/acme/calls/acme-4").then().statusCode(403);
        given().header("X-Api-Key", GLOBEX_KEY).delete("/tenants/acme/calls/acme-4").then().statusCode(403);
        given().header("X-Api-Key", ACME_KEY).get("/tenants/acme/calls/globex-0").then().statusCode(404);
        given().header("X-Api-Key", ACME_KEY).delete("/tenants/acme/calls/globex-0").then().statusCode(404);
        given().header("X-Api-Key", ACME_KEY).get("/tenants/acme/calls/nothing").then().statusCode(404);
        given().get("/tenants/acme/calls").then().statusCode(401);
        given().header("X-Api-Key", ACME_KEY).get("/tenants/acme/calls?limit=101").then().statusCode(400);
        given().header("X-Api-Key", ACME_KEY).get("/tenants/acme/calls?from=yesterday").then().statusCode(400);
        given().header("X-Api-Key", ACME_KEY).get("/tenants/acme/calls?cursor=%25%25").then().statusCode(400);

        // Erasure: the record and its list entry go, the billing stays.
        given().header("X-Api-Key", ACME_KEY).delete("/tenants/acme/calls/acme-4").then().statusCode(204);
        given().header("X-Api-Key", ACME_KEY).get("/tenants/acme/calls/acme-4").then().statusCode(404);
        assertEquals(List.of("acme-6", "acme-5", "acme-3", "acme-2", "acme-1", "acme-0"),
                ids("/tenants/acme/calls"));
        given().header("X-Api-Key", ACME_KEY).get("/tenants/acme/calls/acme-4/billing").then().statusCode(200)
                .body("billedSeconds", equalTo(31));
        given().header("X-Api-Key", GLOBEX_KEY).get("/tenants/globex/calls/globex-0").then().statusCode(200);
        assertNull(given().header("X-Api-Key", ACME_KEY).get("/tenants/acme/calls?limit=100")
                .jsonPath().getString("next"), "one page holds them all");
    }

    private void call(String tenant, String callId, Instant at, boolean transferred, boolean fallback) {
        events.publish(new CallStarted(tenant, callId, at, "twilio", "+15550100", "+15550200"));
        events.publish(new UserTurnEvent(tenant, callId, at.plusSeconds(5), 1, "where is my order", 0.9, "speech"));
        events.publish(new ToolInvoked(tenant, callId, at.plusSeconds(6), 1, "order_status", Map.of(), true, 80));
        if (fallback) {
            events.publish(new EngineFallback(tenant, callId, at.plusSeconds(6), "tts", "festival", "flite", "x"));
        }
        events.publish(new BargeIn(tenant, callId, at.plusSeconds(8), 1, "Your order", false));
        events.publish(new AgentTurnEvent(tenant, callId, at.plusSeconds(8), 1, "Your order shipped.", "Your order",
                true, "flow"));
        if (transferred) {
            events.publish(new TransferRequested(tenant, callId, at.plusSeconds(20), 1, "sip:desk", "asked"));
        }
        events.publish(new CallEnded(tenant, callId, at.plusMillis(30_500), 30_500,
                transferred ? "transferred" : "caller-hangup", 1, 1));
    }

    private static List<String> ids(String path) {
        return idsAs(ACME_KEY, path);
    }

    private static List<String> idsAs(String key, String path) {
        Response response = given().header("X-Api-Key", key).get(path);
        response.then().statusCode(200);
        return response.jsonPath().getList("calls.callId");
    }

    /** Polls until the endpoint answers 200 and the condition holds: Streams processes asynchronously. */
    private static Response await(String path, String key, Predicate<Response> condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Response last = null;
        while (System.nanoTime() - deadline < 0) {
            last = given().header("X-Api-Key", key).get(path);
            if (last.statusCode() == 200 && condition.test(last)) {
                return last;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no expected answer from " + path + "; last: "
                + (last == null ? "none" : last.statusCode() + " " + last.asString()));
    }
}
