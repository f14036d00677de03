package dev.parley.analytics;

import dev.parley.analytics.billing.BillingTopology;
import dev.parley.analytics.latency.LatencyTopology;
import dev.parley.analytics.rates.RatesTopology;
import dev.parley.contracts.events.AgentTurnEvent;
import dev.parley.contracts.events.BargeIn;
import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallStarted;
import dev.parley.contracts.events.EngineFallback;
import dev.parley.contracts.events.Topics;
import dev.parley.contracts.events.TransferRequested;
import dev.parley.contracts.events.TurnLatency;
import dev.parley.events.EventPublisher;
import dev.parley.events.KafkaEventPublisher;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole path: events published through the events module's Kafka publisher into a real broker, billed by
 * the running Kafka Streams topology, read back over REST with API keys and from the output topics.
 */
@QuarkusTest
@QuarkusTestResource(value = InProcessKafka.class, restrictToAnnotatedClass = true)
class AnalyticsIntegrationTest {
    private static final String ACME_KEY = "test-acme-key";
    private static final String GLOBEX_KEY = "test-globex-key";
    private static final String ADMIN_KEY = "test-admin-key";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Inject
    EventPublisher events;

    @Test
    void endedCallsAreBilledPerTenantAndServedOnlyToTheirOwners() {
        assertTrue(events instanceof KafkaEventPublisher, "the events module's Kafka publisher is injected");
        sendRaw("junk-1", "{this is not an event".getBytes(StandardCharsets.UTF_8));
        call("acme", "acme-call-1", 61_500);
        call("acme", "acme-call-2", 1_000);
        call("globex", "globex-call-1", 61_500);
        events.publish(new TransferRequested("acme", "acme-call-1", T0, 4, "sip:desk@acme.example", "asked"));

        Response acme = await("/tenants/acme/usage", ACME_KEY, r -> r.jsonPath().getLong("calls") == 2);
        assertEquals("acme", acme.jsonPath().getString("tenantId"));
        assertEquals(63, acme.jsonPath().getLong("billedSeconds"), "62 s + 1 s, per started second");

        Response globex = await("/tenants/globex/usage", ADMIN_KEY, r -> r.jsonPath().getLong("calls") == 1);
        assertEquals(120, globex.jsonPath().getLong("billedSeconds"), "61.5 s billed as two started minutes");

        given().header("X-Api-Key", ACME_KEY).get("/tenants/acme/calls/acme-call-1").then()
                .statusCode(200)
                .body("billedSeconds", equalTo(62))
                .body("durationMs", equalTo(61_500))
                .body("billing.rounding", equalTo("second"));
        given().header("X-Api-Key", GLOBEX_KEY).get("/tenants/globex/calls/globex-call-1").then()
                .statusCode(200)
                .body("billedSeconds", equalTo(120))
                .body("billing.rounding", equalTo("minute"));

        awaitPublished(BillingTopology.USAGE_TOPIC, "acme", "\"billedSeconds\":63");
        awaitPublished(BillingTopology.USAGE_TOPIC, "globex", "\"billedSeconds\":120");

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("parley_analytics_skipped_records_total 1.0"));
    }

    @Test
    void keysAreCheckedBeforeAnythingIsRead() {
        call("initech", "initech-call-1", 5_000);
        await("/tenants/initech/calls/initech-call-1", ADMIN_KEY, r -> r.jsonPath().getLong("billedSeconds") == 5);
        // The tenant's usage is another store, fed through a repartition: it may count the call a moment later.
        await("/tenants/initech/usage", ADMIN_KEY, r -> r.jsonPath().getLong("calls") == 1);

        given().get("/tenants/acme/usage").then().statusCode(401);
        given().header("X-Api-Key", "not-a-key").get("/tenants/acme/usage").then().statusCode(401);
        given().header("X-Api-Key", "").get("/tenants/acme/usage").then().statusCode(401);
        given().header("X-Api-Key", ACME_KEY).get("/tenants/globex/usage").then().statusCode(403);
        given().header("X-Api-Key", GLOBEX_KEY).get("/tenants/initech/calls/initech-call-1").then().statusCode(403);
        given().header("X-Api-Key", ACME_KEY).get("/tenants/nobody/usage").then().statusCode(403);
        given().header("X-Api-Key", ADMIN_KEY).get("/tenants/nobody/usage").then()
                .statusCode(200).body("calls", equalTo(0)).body("billedSeconds", equalTo(0));
        given().header("X-Api-Key", ADMIN_KEY).get("/tenants/initech/usage").then()
                .statusCode(200).body("calls", equalTo(1)).body("billedSeconds", equalTo(5));
        // Another tenant's call id under one's own tenant looks like any unknown call.
        given().header("X-Api-Key", ACME_KEY).get("/tenants/acme/calls/initech-call-1").then().statusCode(404);
        given().header("X-Api-Key", ACME_KEY).get("/tenants/acme/calls/no-such-call").then().statusCode(404);
    }

    @Test
    void ratesLatencyAndPeriodsAreServedAndPublished() {
        Instant start = Instant.parse("2026-04-02T08:00:00Z");
        events.publish(new CallStarted("umbrella", "u-1", start, "twilio", "+1", "+2"));
        for (long turn = 1; turn <= 4; turn++) {
            events.publish(new AgentTurnEvent("umbrella", "u-1", start.plusSeconds(turn * 5), turn, "Hello",
                    "Hello", turn == 2, "flow"));
            long eos = start.plusSeconds(turn * 5).toEpochMilli();
            events.publish(new TurnLatency("umbrella", "u-1", Instant.ofEpochMilli(eos), turn, eos, eos + 100 * turn,
                    eos + 300, eos + 500, eos + 600 + turn, eos + 790 + turn));
        }
        events.publish(new BargeIn("umbrella", "u-1", start.plusSeconds(11), 2, "Hel", false));
        events.publish(new EngineFallback("umbrella", "u-1", start.plusSeconds(12), "tts", "festival", "flite", "x"));
        events.publish(new TransferRequested("umbrella", "u-1", start.plusSeconds(30), 4, "sip:desk", "asked"));
        events.publish(new CallEnded("umbrella", "u-1", start.plusSeconds(40), 40_000, "transferred", 4, 4));
        events.publish(new CallStarted("umbrella", "u-2", start.plusSeconds(50), "twilio", "+1", "+2"));
        events.publish(new CallEnded("umbrella", "u-2", start.plusSeconds(60), 10_000, "caller-hangup", 2, 2));

        Response rates = await("/tenants/umbrella/rates", ADMIN_KEY,
                r -> r.jsonPath().getLong("endedCalls") == 2 && r.jsonPath().getLong("agentTurns") == 4
                        && r.jsonPath().getLong("fallbacks") == 1 && r.jsonPath().getLong("bargeIns") == 1);
        assertEquals(0.25, rates.jsonPath().getDouble("interruptionRate"), 1e-9);
        assertEquals(0.5, rates.jsonPath().getDouble("transferRate"), 1e-9);
        assertEquals(0.5, rates.jsonPath().getDouble("resolutionRate"), 1e-9);
        assertEquals(3.0, rates.jsonPath().getDouble("turnsPerCall"), 1e-9);
        assertEquals(0.5, rates.jsonPath().getDouble("errorRate"), 1e-9);
        await("/tenants/umbrella/rates/daily?from=2026-04-02&to=2026-04-02", ADMIN_KEY,
                r -> r.jsonPath().getList("period").equals(List.of("2026-04-02"))
                        && r.jsonPath().getLong("[0].endedCalls") == 2);

        Response latency = await("/tenants/umbrella/latency?window=1m&from=2026-04-02T07:59:00Z"
                + "&to=2026-04-02T08:01:00Z", ADMIN_KEY, r -> r.jsonPath().getLong("overall.turns") == 4);
        assertEquals(1, latency.jsonPath().getList("windows").size());
        assertEquals(604, latency.jsonPath().getLong("overall.stages.firstAudioSent.max"));
        assertEquals(794, latency.jsonPath().getLong("overall.stages.firstAudible.max"));
        assertEquals(791, latency.jsonPath().getLong("overall.voiceToVoice.min"));
        assertEquals(4, latency.jsonPath().getLong("windows[0].voiceToVoice.count"));
        long sttP50 = latency.jsonPath().getLong("overall.stages.sttFinal.p50");
        assertTrue(Math.abs(sttP50 - 200) <= 2, "p50 of 100..400 ms within 1 %: " + sttP50);
        await("/tenants/umbrella/latency?window=1h&from=2026-04-02T08:00:00Z&to=2026-04-02T08:00:00Z", ADMIN_KEY,
                r -> r.jsonPath().getLong("windows[0].turns") == 4);

        await("/tenants/umbrella/usage/daily?from=2026-04-01", ADMIN_KEY,
                r -> r.jsonPath().getList("period").equals(List.of("2026-04-02"))
                        && r.jsonPath().getLong("[0].billedSeconds") == 50);
        await("/tenants/umbrella/usage/monthly?to=2026-04", ADMIN_KEY,
                r -> r.jsonPath().getList("period").equals(List.of("2026-04"))
                        && r.jsonPath().getLong("[0].calls") == 2);
        given().header("X-Api-Key", ADMIN_KEY).get("/tenants/umbrella/usage/daily?from=April").then().statusCode(400);
        given().header("X-Api-Key", ADMIN_KEY).get("/tenants/umbrella/latency?window=5m").then().statusCode(400);
        given().header("X-Api-Key", ACME_KEY).get("/tenants/umbrella/rates").then().statusCode(403);
        given().header("X-Api-Key", ACME_KEY).get("/tenants/umbrella/latency").then().statusCode(403);
        given().header("X-Api-Key", ACME_KEY).get("/tenants/umbrella/usage/daily").then().statusCode(403);
        given().get("/tenants/umbrella/rates/daily").then().statusCode(401);

        given().header("X-Api-Key", ADMIN_KEY).get("/tenants").then().statusCode(200)
                .body("tenants", hasItem("umbrella"));
        given().header("X-Api-Key", ACME_KEY).get("/tenants").then().statusCode(200)
                .body("tenants", equalTo(List.of("acme")));
        given().get("/tenants").then().statusCode(401);

        awaitPublished(RatesTopology.RATES_TOPIC, "umbrella", "\"endedCalls\":2");
        awaitPublished(LatencyTopology.LATENCY_STATS_TOPIC, "umbrella", "\"turns\":4");
    }

    @Test
    void theDashboardIsServedLocally() {
        given().get("/dashboard/").then().statusCode(200).body(containsString("<canvas"))
                .body(containsString("first audible (what the caller hears)"));
        given().get("/dashboard/dashboard.js").then().statusCode(200).body(containsString("X-Api-Key"));
    }

    @Test
    void healthReportsKafkaStreamsUp() {
        await("/tenants/acme/usage", ADMIN_KEY, r -> true);
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    private void call(String tenant, String callId, long durationMs) {
        events.publish(new CallStarted(tenant, callId, T0, "twilio", "+15550001", "+15550002"));
        events.publish(new CallEnded(tenant, callId, T0.plusMillis(durationMs), durationMs, "caller-hangup", 3, 3));
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
            sleep(200);
        }
        throw new AssertionError("no expected answer from " + path + "; last: "
                + (last == null ? "none" : last.statusCode() + " " + last.asString()));
    }

    private static void sendRaw(String key, byte[] value) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(Topics.CALLS, key, value));
            producer.flush();
        }
    }

    /**
     * Waits until the last committed record for {@code key} on an output topic contains {@code fragment}. The REST
     * answer can run ahead of the topic: stores are read before the transaction that publishes the change commits.
     */
    private static void awaitPublished(String topic, String key, String fragment) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = null;
        while (System.nanoTime() - deadline < 0) {
            last = latestRecords(topic).get(key);
            if (last != null && last.contains(fragment)) {
                return;
            }
            sleep(200);
        }
        throw new AssertionError("no record with " + fragment + " for " + key + " on " + topic + "; last: " + last);
    }

    /** The last committed record per key on an output topic. */
    private static Map<String, String> latestRecords(String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, String> latest = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    latest.put(record.key(), record.value());
                }
            }
        }
        return latest;
    }

    private static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
