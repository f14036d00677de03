package dev.parley.analytics.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.analytics.InProcessKafka;
import dev.parley.analytics.bench.SyntheticCalls;
import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.EventCodec;
import dev.parley.contracts.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances of the packaged analytics application in their own JVMs, one Kafka Streams group on a real KRaft
 * broker, topics of 4 partitions: every REST figure must be complete and identical whichever instance is asked,
 * a tenant key must not reach another tenant through either, and with one standby replica the remaining instance
 * must serve every figure again after the other stops.
 */
class ScaleOutIT {
    private static final int PARTITIONS = 4;
    private static final List<String> TENANTS = List.of("acme", "globex", "initech", "umbrella", "hooli");
    private static final int CALLS_PER_TENANT = 8;
    /** Calls across midnight of a year's end: two days, two months, and latency windows within one hour of grace. */
    private static final Instant FIRST_CALL = Instant.parse("2025-12-31T23:50:00Z");
    private static final String ADMIN_KEY = "scale-out-admin-key";
    private static final String ACME_KEY = "scale-out-acme-key";
    private static final String GLOBEX_KEY = "scale-out-globex-key";
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InProcessKafka kafka = new InProcessKafka();
    private final List<AnalyticsInstance> instances = new ArrayList<>();
    private Path workDir;
    private String bootstrap;

    @BeforeEach
    void startBroker() throws IOException {
        bootstrap = kafka.start().get("kafka.bootstrap.servers");
        // Fresh state directories (a new broker each run); the instances' logs stay in target/ to read.
        workDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "scale-out-it-");
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AnalyticsInstance instance : instances) {
            instance.close();
        }
        kafka.stop();
        // The logs stay; the RocksDB state is large and of no use after the run.
        for (AnalyticsInstance instance : instances) {
            deleteTree(instance.stateDir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void everyInstanceAnswersEveryFigureAndAStandbyTakesOver() throws Exception {
        createTopics();
        AnalyticsInstance a = start("instance-a");
        AnalyticsInstance b = start("instance-b");
        Map<String, ExpectedFigures> expected = sendCalls();
        awaitReady(a);
        awaitReady(b);

        // Complete on one instance first: Kafka Streams processes asynchronously.
        awaitComplete(a, expected, false);
        for (String tenant : TENANTS) {
            for (String path : paths(tenant, expected.get(tenant))) {
                JsonNode fromA = read(a, path, ADMIN_KEY);
                JsonNode fromB = read(b, path, ADMIN_KEY);
                assertEquals(fromA, fromB, path + " differs between " + a + " and " + b);
            }
        }
        assertComplete(a, expected);
        assertComplete(b, expected);
        assertTenantKeysStayInTheirTenant(a, expected);
        assertTenantKeysStayInTheirTenant(b, expected);
        assertForwardedRequestsAreAnsweredWhereTheyLand(a, b);
        for (AnalyticsInstance instance : List.of(a, b)) {
            // Both own partitions of both kinds of store: each forwarded key reads and fanned out to the other.
            Map<String, Double> peerRequests = peerRequests(instance);
            assertTrue(peerRequests.getOrDefault("key/answered", 0.0) > 0, instance + ": " + peerRequests);
            assertTrue(peerRequests.getOrDefault("fan-out/answered", 0.0) > 0, instance + ": " + peerRequests);
        }

        // Instance b goes away (a pod deleted or drained): a takes over its tasks, from its standby copies.
        long stopped = System.nanoTime();
        b.stop();
        double stopSeconds = (System.nanoTime() - stopped) / 1e9;
        int unavailable = awaitComplete(a, expected, true);
        double failoverSeconds = (System.nanoTime() - stopped) / 1e9;
        assertComplete(a, expected);
        System.out.printf("SCALE-OUT failover: %s stopped in %.1f s; %s served every figure again %.1f s after the"
                        + " stop began (session timeout 6 s), answering 503 to %d rounds of reads meanwhile%n", b,
                stopSeconds, a, failoverSeconds, unavailable);
    }

    /** Every path whose answer must be the same from every instance. */
    private static List<String> paths(String tenant, ExpectedFigures expected) {
        String base = "/tenants/" + tenant;
        List<String> paths = new ArrayList<>(List.of("/tenants", base + "/usage", base + "/usage/daily",
                base + "/usage/daily?from=2026-01-01", base + "/usage/monthly", base + "/rates", base + "/rates/daily",
                base + "/latency?window=1m&from=2025-12-31T23:00:00Z&to=2026-01-01T01:00:00Z",
                base + "/latency?window=1h&from=2025-12-31T23:00:00Z&to=2026-01-01T01:00:00Z"));
        expected.endedCalls.keySet().forEach(call -> paths.add(base + "/calls/" + call));
        paths.add(base + "/calls?limit=100");
        paths.add(base + "/calls?limit=3");
        return paths;
    }

    /** Checks every figure against the events sent; failures name the instance and the path. */
    private static void assertComplete(AnalyticsInstance instance, Map<String, ExpectedFigures> expected)
            throws Exception {
        List<String> wrong = incomplete(instance, expected);
        assertTrue(wrong.isEmpty(), instance + " answers incompletely: " + wrong);
    }

    /** What {@code instance} answers differently from the events sent; empty when every figure is right. */
    private static List<String> incomplete(AnalyticsInstance instance, Map<String, ExpectedFigures> expected)
            throws Exception {
        List<String> wrong = new ArrayList<>();
        JsonNode tenants = read(instance, "/tenants", ADMIN_KEY).get("tenants");
        check(wrong, "/tenants", TENANTS.stream().sorted().collect(Collectors.toList()), strings(tenants));
        for (ExpectedFigures figures : expected.values()) {
            String base = "/tenants/" + figures.tenant;
            JsonNode usage = read(instance, base + "/usage", ADMIN_KEY);
            check(wrong, base + "/usage", List.of(figures.usage.calls, figures.usage.billedSeconds,
                    figures.usage.durationMs), List.of(usage.get("calls").asLong(),
                    usage.get("billedSeconds").asLong(), usage.get("durationMs").asLong()));
            checkPeriods(wrong, base + "/usage/daily", figures.daily, read(instance, base + "/usage/daily", ADMIN_KEY));
            checkPeriods(wrong, base + "/usage/monthly", figures.monthly,
                    read(instance, base + "/usage/monthly", ADMIN_KEY));
            for (CallEnded call : figures.endedCalls.values()) {
                JsonNode billed = read(instance, base + "/calls/" + call.callId(), ADMIN_KEY);
                check(wrong, base + "/calls/" + call.callId(), List.of(call.durationMs(),
                        (call.durationMs() + 999) / 1000), List.of(billed.path("durationMs").asLong(),
                        billed.path("billedSeconds").asLong()));
            }
            check(wrong, base + "/calls (pages of 3)", newestFirst(figures), pagedCalls(instance, base));
            JsonNode rates = read(instance, base + "/rates", ADMIN_KEY);
            long calls = figures.endedCalls.size();
            check(wrong, base + "/rates", List.of(calls, calls, figures.agentTurns, figures.bargeIns,
                    figures.transferredCalls), List.of(rates.get("calls").asLong(), rates.get("endedCalls").asLong(),
                    rates.get("agentTurns").asLong(), rates.get("bargeIns").asLong(),
                    rates.get("transferredCalls").asLong()));
            Map<String, Long> callsByDay = new LinkedHashMap<>();
            read(instance, base + "/rates/daily", ADMIN_KEY)
                    .forEach(day -> callsByDay.put(day.get("period").asText(), day.get("calls").asLong()));
            check(wrong, base + "/rates/daily", figures.callsByStartDay, callsByDay);
            for (String window : List.of("1m", "1h")) {
                String path = base + "/latency?window=" + window + "&from=2025-12-31T23:00:00Z&to=2026-01-01T01:00:00Z";
                check(wrong, path, figures.turnLatencies, read(instance, path, ADMIN_KEY).at("/overall/turns")
                        .asLong());
            }
        }
        return wrong;
    }

    /** A tenant's call ids by start, newest first: each call starts 20 s after the one before (sendCalls). */
    private static List<String> newestFirst(ExpectedFigures figures) {
        List<String> ids = new ArrayList<>();
        for (int i = CALLS_PER_TENANT - 1; i >= 0; i--) {
            ids.add(figures.tenant + "-call-" + i);
        }
        return ids;
    }

    /** The call list read in pages of 3 following the cursor: partitions on both instances merge into one order. */
    private static List<String> pagedCalls(AnalyticsInstance instance, String base) throws Exception {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < CALLS_PER_TENANT; page++) {
            JsonNode answer = read(instance, base + "/calls?limit=3" + (cursor == null ? "" : "&cursor=" + cursor),
                    ADMIN_KEY);
            answer.get("calls").forEach(call -> ids.add(call.get("callId").asText()));
            cursor = answer.path("next").isTextual() ? answer.get("next").asText() : null;
            if (cursor == null) {
                break;
            }
        }
        return ids;
    }

    private static void checkPeriods(List<String> wrong, String path, Map<String, ExpectedFigures.Usage> expected,
                                     JsonNode answer) {
        Map<String, List<Long>> want = new LinkedHashMap<>();
        expected.forEach((period, usage) -> want.put(period, List.of(usage.calls, usage.billedSeconds)));
        Map<String, List<Long>> got = new LinkedHashMap<>();
        answer.forEach(period -> got.put(period.get("period").asText(),
                List.of(period.get("calls").asLong(), period.get("billedSeconds").asLong())));
        check(wrong, path, want, got);
    }

    private static void check(List<String> wrong, String path, Object expected, Object actual) {
        if (!expected.equals(actual)) {
            wrong.add(path + ": expected " + expected + ", got " + actual);
        }
    }

    /**
     * A tenant key reads its own tenant only, on every instance and whether or not the data is on that instance;
     * the forwarding header grants nothing.
     */
    private static void assertTenantKeysStayInTheirTenant(AnalyticsInstance instance,
                                                          Map<String, ExpectedFigures> expected) throws Exception {
        for (String path : List.of("/tenants/globex/usage", "/tenants/globex/usage/daily", "/tenants/globex/rates",
                "/tenants/globex/calls",
                "/tenants/globex/rates/daily", "/tenants/globex/latency?window=1h",
                "/tenants/globex/calls/" + expected.get("globex").endedCalls.keySet().iterator().next())) {
            assertEquals(403, instance.get(path, "X-Api-Key", ACME_KEY).statusCode(), instance + " " + path);
            assertEquals(403, instance.get(path, "X-Api-Key", ACME_KEY,
                    StorePartitions.HEADER, allPartitions()).statusCode(), instance + " forged header " + path);
            assertEquals(401, instance.get(path, StorePartitions.HEADER, allPartitions()).statusCode(),
                    instance + " no key " + path);
        }
        assertEquals(List.of("acme"), strings(read(instance, "/tenants", ACME_KEY).get("tenants")));
        assertEquals(List.of("globex"), strings(read(instance, "/tenants", GLOBEX_KEY).get("tenants")));
        // Another tenant's calls look like unknown calls under one's own tenant, wherever they are kept.
        for (String call : expected.get("globex").endedCalls.keySet()) {
            assertEquals(404, instance.get("/tenants/acme/calls/" + call, "X-Api-Key", ACME_KEY).statusCode(),
                    instance + " " + call);
        }
        for (String call : expected.get("acme").endedCalls.keySet()) {
            assertEquals(200, instance.get("/tenants/acme/calls/" + call, "X-Api-Key", ACME_KEY).statusCode(),
                    instance + " " + call);
        }
    }

    /**
     * A request marked as forwarded is answered from the named partition where it lands, or refused with 503 when
     * that partition is not active there; it is never forwarded again. Each partition is active on exactly one of
     * the two instances, and each instance has some.
     */
    private static void assertForwardedRequestsAreAnsweredWhereTheyLand(AnalyticsInstance a, AnalyticsInstance b)
            throws Exception {
        Map<AnalyticsInstance, Integer> activeOn = new LinkedHashMap<>(Map.of(a, 0, b, 0));
        for (int partition = 0; partition < PARTITIONS; partition++) {
            int answered = 0;
            for (AnalyticsInstance instance : List.of(a, b)) {
                int status = instance.get("/tenants/acme/usage/daily", "X-Api-Key", ADMIN_KEY,
                        StorePartitions.HEADER, "tenant-usage-daily=" + partition).statusCode();
                assertTrue(status == 200 || status == 503, instance + " partition " + partition + ": " + status);
                if (status == 200) {
                    answered++;
                    activeOn.merge(instance, 1, Integer::sum);
                }
            }
            assertEquals(1, answered, "partition " + partition + " is active on exactly one instance");
        }
        assertTrue(activeOn.values().stream().allMatch(n -> n > 0), "both instances have partitions: " + activeOn);
    }

    private static String allPartitions() {
        String partitions = "0,1,2,3";
        return "tenant-usage=" + partitions + ";tenant-usage-daily=" + partitions + ";tenant-rates=" + partitions
                + ";tenant-rates-daily=" + partitions + ";latency-1h=" + partitions + ";call-billing=" + partitions
                + ";call-records=" + partitions + ";call-records-by-tenant=" + partitions;
    }

    /** {@code parley_analytics_peer_requests_total} by "kind/outcome". */
    private static Map<String, Double> peerRequests(AnalyticsInstance instance) throws Exception {
        Pattern line = Pattern.compile("parley_analytics_peer_requests_total\\{([^}]*)} ([0-9.E]+)");
        Pattern kind = Pattern.compile("kind=\"([^\"]+)\"");
        Pattern outcome = Pattern.compile("outcome=\"([^\"]+)\"");
        Map<String, Double> counts = new LinkedHashMap<>();
        for (String text : instance.get("/q/metrics").body().split("\n")) {
            Matcher m = line.matcher(text);
            if (m.matches()) {
                Matcher k = kind.matcher(m.group(1));
                Matcher o = outcome.matcher(m.group(1));
                if (k.find() && o.find()) {
                    counts.merge(k.group(1) + "/" + o.group(1), Double.parseDouble(m.group(2)), Double::sum);
                }
            }
        }
        return counts;
    }

    /**
     * Waits until every figure is right on {@code instance}. With {@code neverWrong}, an answer may be 503 while the
     * group rebalances, but a 200 must never carry a wrong figure: a gap is an error, not a smaller number.
     * Returns how many rounds of reads met an answer that was not there yet.
     */
    private static int awaitComplete(AnalyticsInstance instance, Map<String, ExpectedFigures> expected,
                                     boolean neverWrong) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "nothing read";
        int unanswered = 0;
        while (System.nanoTime() - deadline < 0) {
            try {
                List<String> wrong = incomplete(instance, expected);
                if (wrong.isEmpty()) {
                    return unanswered;
                }
                if (neverWrong) {
                    throw new AssertionError(instance + " answered 200 with wrong figures: " + wrong);
                }
                last = wrong.toString();
            } catch (NotAnswered e) {
                if (neverWrong && e.status != 503) {
                    throw new AssertionError(instance + " answered neither the figure nor 503: " + e.getMessage());
                }
                last = e.getMessage();
                unanswered++;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(instance + " did not serve every figure within " + WAIT + "; last: " + last
                + "\n" + instance.logTail());
    }

    /** No figure: 503 while Kafka Streams starts or rebalances, 404 for a call not processed yet. */
    private static final class NotAnswered extends RuntimeException {
        final int status;

        NotAnswered(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private static JsonNode read(AnalyticsInstance instance, String path, String key) throws Exception {
        HttpResponse<String> response = instance.get(path, "X-Api-Key", key);
        if (response.statusCode() != 200) {
            throw new NotAnswered(response.statusCode(),
                    instance + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    private AnalyticsInstance start(String name) throws IOException {
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "KAFKA_STREAMS_NUM_STANDBY_REPLICAS", "1",
                "PARLEY_EVENTS_TOPIC_PARTITIONS", Integer.toString(PARTITIONS),
                "PARLEY_ANALYTICS_ADMIN_KEY", ADMIN_KEY,
                "PARLEY_ANALYTICS_API_KEYS_ACME", ACME_KEY,
                "PARLEY_ANALYTICS_API_KEYS_GLOBEX", GLOBEX_KEY,
                // The calls are dated 2025-12-31: records must not be past retention whatever day this runs.
                "PARLEY_ANALYTICS_RECORDS_RETENTION", "P3650D");
        // A stopped instance's tasks move once the group misses it for the session timeout (15 s as shipped).
        AnalyticsInstance instance = AnalyticsInstance.start(name, Path.of(System.getProperty("analytics.jar")),
                workDir, env, List.of("-Dkafka-streams.session.timeout.ms=6000",
                        "-Dkafka-streams.heartbeat.interval.ms=1500"));
        instances.add(instance);
        return instance;
    }

    private static void awaitReady(AnalyticsInstance instance) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!instance.ready()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(instance + " not ready within " + WAIT + "\n" + instance.logTail());
            }
            Thread.sleep(500);
        }
    }

    private void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(Topics.ALL.stream().map(topic -> new NewTopic(topic, PARTITIONS, (short) 1))
                    .collect(Collectors.toList())).all().get();
        }
    }

    /** Calls of every tenant, interleaved, one every 20 s, keyed by call id as the services publish them. */
    private Map<String, ExpectedFigures> sendCalls() {
        SyntheticCalls calls = new SyntheticCalls();
        Map<String, List<CallEvent>> byTenant = new LinkedHashMap<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            int n = 0;
            for (int i = 0; i < CALLS_PER_TENANT; i++) {
                for (String tenant : TENANTS) {
                    String callId = tenant + "-call-" + i;
                    for (CallEvent event : calls.call(tenant, callId, FIRST_CALL.plusSeconds(20L * n++))) {
                        producer.send(new ProducerRecord<>(Topics.topicOf(event), callId, EventCodec.encode(event)));
                        byTenant.computeIfAbsent(tenant, t -> new ArrayList<>()).add(event);
                    }
                }
            }
            producer.flush();
        }
        Map<String, ExpectedFigures> expected = new LinkedHashMap<>();
        byTenant.forEach((tenant, events) -> expected.put(tenant, ExpectedFigures.of(tenant, events)));
        assertEquals(2, expected.values().stream().flatMap(e -> e.monthly.keySet().stream()).distinct().count(),
                "calls end in two days and two months");
        return expected;
    }
}
