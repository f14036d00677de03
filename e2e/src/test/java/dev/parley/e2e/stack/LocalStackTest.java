package dev.parley.e2e.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackTest {
    @TempDir
    Path home;

    @Test
    void anUnbuiltTreeFailsWithEveryMissingPieceAndWhatToRun() {
        StackConfig config = StackConfig.forTest(home, home.resolve("run"));
        StackException e = assertThrows(StackException.class, () -> LocalStack.start(config, line -> { }));
        String message = e.getMessage();
        for (Service s : Service.values()) {
            assertTrue(message.contains(s.module() + "/target/quarkus-app/quarkus-run.jar"), message);
        }
        assertTrue(message.contains("deploy/target/kafka-libs"), message);
        assertTrue(message.contains("run mvn package first"), message);
        assertFalse(Files.exists(home.resolve("run")), "nothing was started, nothing was written");
    }

    @Test
    void servicesAreWiredToEachOtherKafkaAndTheirOwnOutbox() {
        StackConfig config = StackConfig.forTest(home, home.resolve("run"));
        Map<String, String> gateway = config.env(Service.GATEWAY);
        assertEquals(Integer.toString(config.port(Service.GATEWAY)), gateway.get("QUARKUS_HTTP_PORT"));
        assertEquals("127.0.0.1:" + config.port(Service.STT), gateway.get("PARLEY_BACKENDS_STT"));
        assertEquals("127.0.0.1:" + config.port(Service.DIALOGUE), gateway.get("PARLEY_BACKENDS_DIALOGUE"));
        assertEquals("127.0.0.1:" + config.port(Service.TTS), gateway.get("PARLEY_BACKENDS_TTS"));
        assertTrue(gateway.keySet().stream().noneMatch(k -> k.startsWith("QUARKUS_GRPC_CLIENTS_")),
                "the gateway reads its backends from lists only: " + gateway.keySet());
        assertEquals(config.secrets().twilioAuthToken(), gateway.get("PARLEY_TWILIO_AUTH_TOKEN"));
        assertEquals("localhost:" + config.kafkaPort(), gateway.get("KAFKA_BOOTSTRAP_SERVERS"));

        Map<String, String> analytics = config.env(Service.ANALYTICS);
        assertEquals(config.secrets().analyticsAcmeKey(), analytics.get("PARLEY_ANALYTICS_API_KEYS_ACME"));
        assertEquals(config.secrets().analyticsAdminKey(), analytics.get("PARLEY_ANALYTICS_ADMIN_KEY"));
        assertFalse(analytics.containsKey("PARLEY_TWILIO_AUTH_TOKEN"), "a secret goes only where it is needed");

        Map<String, String> dialogue = config.env(Service.DIALOGUE);
        assertEquals(config.secrets().brightsmileToolSecret(), dialogue.get("PARLEY_TOOL_SECRET_BRIGHTSMILE"));
        assertFalse(dialogue.containsKey("PARLEY_BRIGHTSMILE_BOOKING_URL"), "no clinic: tenant.yaml's default stays");
        assertFalse(gateway.containsKey("PARLEY_TOOL_SECRET_BRIGHTSMILE"), "a secret goes only where it is needed");
        URI clinic = URI.create("http://127.0.0.1:1234/appointments");
        assertEquals(clinic.toString(),
                config.withClinic(clinic).env(Service.DIALOGUE).get("PARLEY_BRIGHTSMILE_BOOKING_URL"));

        long outboxes = Service.startOrder().stream().map(s -> config.env(s).get("PARLEY_EVENTS_OUTBOX_DIR"))
                .distinct().count();
        assertEquals(5, outboxes, "each service has its own durable outbox");
        long ports = Service.startOrder().stream().map(config::port).distinct().count();
        assertEquals(5, ports);
    }

    @Test
    void theLocalStacksReplicasListenOnTheServicesPortPlusTenEachWithItsOwnLogPidAndOutbox() {
        StackConfig local = StackConfig.local(home, Secrets.random())
                .withReplicas(Map.of(Service.STT, 3, Service.TTS, 2));
        assertEquals(3, local.replicas(Service.STT));
        assertEquals(1, local.replicas(Service.DIALOGUE));
        assertEquals(List.of(8081, 8091, 8101),
                local.instances(Service.STT).stream().map(local::port).collect(Collectors.toList()));
        assertEquals(8093, local.port(Service.TTS, 2));
        assertEquals(home.resolve(".parley/logs/stt-service-2.log"), local.logFile(new Instance(Service.STT, 2)));
        assertEquals(home.resolve(".parley/pids/stt-service-3.pid"), local.pidFile(new Instance(Service.STT, 3)));
        assertEquals(home.resolve(".parley/logs/stt-service.log"), local.logFile(Service.STT),
                "the first instance keeps the names tools and docs know");

        Map<String, String> gateway = local.env(Service.GATEWAY);
        assertEquals("127.0.0.1:8081,127.0.0.1:8091,127.0.0.1:8101", gateway.get("PARLEY_BACKENDS_STT"));
        assertEquals("127.0.0.1:8082", gateway.get("PARLEY_BACKENDS_DIALOGUE"));
        assertEquals("127.0.0.1:8083,127.0.0.1:8093", gateway.get("PARLEY_BACKENDS_TTS"));

        Map<String, String> second = local.env(new Instance(Service.STT, 2));
        assertEquals("8091", second.get("QUARKUS_HTTP_PORT"));
        assertEquals(home.resolve(".parley/outbox/stt-service-2").toString(), second.get("PARLEY_EVENTS_OUTBOX_DIR"));
        assertEquals(StackConfig.LOCAL_SHUTDOWN_DELAY.toSeconds() + "s", second.get("QUARKUS_SHUTDOWN_DELAY"));
        long outboxes = local.instances().stream().map(i -> local.env(i).get("PARLEY_EVENTS_OUTBOX_DIR")).distinct()
                .count();
        assertEquals(local.instances().size(), outboxes, "every instance has its own durable outbox");
        assertEquals(8, local.instances().size());
        assertEquals(local.instances().size(), local.instances().stream().map(local::port).distinct().count());

        assertEquals(1, local.withReplicas(Service.STT, 1).replicas(Service.STT), "scaled back in");
        assertThrows(IllegalArgumentException.class, () -> local.port(Service.DIALOGUE, 2), "no such instance");
        assertThrows(IllegalArgumentException.class, () -> local.withReplicas(Service.GATEWAY, 2));
        assertThrows(IllegalArgumentException.class, () -> local.withReplicas(Service.STT, 0));
        assertThrows(IllegalArgumentException.class,
                () -> local.withReplicas(Service.STT, StackConfig.MAX_REPLICAS + 1));
    }

    @Test
    void aReplicaPortThatClashesWithAnotherPartOfTheStackIsRefused() {
        // As if PARLEY_DEMO_CLINIC_PORT had moved the clinic onto stt-service's second instance.
        StackConfig local = StackConfig.local(home, Secrets.random())
                .withClinic(URI.create("http://127.0.0.1:8091/appointments"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> local.withReplicas(Service.STT, 2));
        assertTrue(e.getMessage().contains("8091") && e.getMessage().contains("stt-service-2"), e.getMessage());
        // Every replica port of the default stack stays clear of Kafka, Zipkin, the clinic and the other services.
        StackConfig all = StackConfig.local(home, Secrets.random());
        for (Service s : StackConfig.REPLICABLE) {
            all = all.withReplicas(s, StackConfig.MAX_REPLICAS);
        }
        assertEquals(all.usedPorts().size(), all.usedPorts().stream().map(Map.Entry::getKey).distinct().count());
    }

    @Test
    void aTestStacksReplicasGetFreePortsOfTheirOwn() {
        StackConfig config = StackConfig.forTest(home, home.resolve("run")).withReplicas(Service.DIALOGUE, 3);
        List<Integer> ports = config.instances(Service.DIALOGUE).stream().map(config::port)
                .collect(Collectors.toList());
        assertEquals(3, ports.stream().distinct().count());
        assertEquals(config.usedPorts().size(), config.usedPorts().stream().map(Map.Entry::getKey).distinct().count());
        assertEquals(ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")),
                config.env(Service.GATEWAY).get("PARLEY_BACKENDS_DIALOGUE"));
    }

    @Test
    void statusAndDownFindEveryInstanceAnEarlierUpStartedFromItsPidFiles() throws Exception {
        StackConfig local = StackConfig.local(home, Secrets.random());
        Path pids = home.resolve(".parley/pids");
        Files.createDirectories(pids);
        for (String name : List.of("stt-service.pid", "stt-service-3.pid", "tts-service-2.pid", "media-gateway.pid",
                "demo-clinic.pid", "kafka.pid")) {
            Files.writeString(pids.resolve(name), "1\n");
        }
        assertEquals(Map.of(Service.STT, 3, Service.TTS, 2), local.recordedReplicas());
        StackConfig recorded = local.withRecordedReplicas();
        assertEquals(3, recorded.replicas(Service.STT));
        assertEquals(2, recorded.replicas(Service.TTS));
        assertEquals(1, recorded.replicas(Service.DIALOGUE));
        assertEquals(3, recorded.withReplicas(Service.STT, 2).withRecordedReplicas().replicas(Service.STT),
                "never fewer than recorded");
    }

    @Test
    void upReadsReplicaCountsFromRepeatedOrCommaSeparatedFlags() {
        assertEquals(Map.of(Service.STT, 2, Service.DIALOGUE, 3, Service.TTS, 2),
                StackLauncher.parseReplicas(List.of("--replicas", "stt-service=2,dialogue-service=3",
                        "--replicas=tts=2")));
        assertEquals(Map.of(), StackLauncher.parseReplicas(List.of()));
        for (List<String> bad : List.of(List.of("--replicas"), List.of("--replicas", "stt-service"),
                List.of("--replicas", "stt-service=two"), List.of("--replicas", "media-gateway=2"),
                List.of("--replicas", "nope=2"), List.of("--replicas", "stt-service=10"), List.of("--fast"))) {
            assertThrows(IllegalArgumentException.class, () -> StackLauncher.parseReplicas(bad), bad.toString());
        }
    }

    /** `./parley up` runs the demo clinic where brightsmile's tenant.yaml points when nothing overrides it. */
    @Test
    void theLocalStacksClinicIsWhereBrightsmilesTenantFileExpectsIt() throws Exception {
        String tenant = Files.readString(StackConfig.defaultHome().resolve("tenants/brightsmile/tenant.yaml"));
        StackConfig local = StackConfig.local(home, Secrets.random());
        if (System.getenv(StackConfig.CLINIC_PORT_ENV) == null) {
            assertTrue(tenant.contains("${PARLEY_BRIGHTSMILE_BOOKING_URL:" + local.clinic() + "}"),
                    local.clinic() + " is not tenant.yaml's default booking URL");
        }
        assertEquals(local.clinic().toString(), local.env(Service.DIALOGUE).get("PARLEY_BRIGHTSMILE_BOOKING_URL"));
        assertEquals(List.of("zipkin", "demo-clinic"),
                SideProcess.of(local).stream().map(SideProcess::name).collect(Collectors.toList()));
        assertEquals(List.of(), SideProcess.of(StackConfig.forTest(home, home.resolve("run"))),
                "a test stack brings its own receivers");
    }

    @Test
    void secretsComeFromTheFileUnlessTheEnvironmentSetsThem() throws Exception {
        Path file = home.resolve("secrets.env");
        Files.writeString(file, String.join("\n", List.of(
                "# generated by ./parley",
                "export PARLEY_TWILIO_AUTH_TOKEN='tok'",
                "PARLEY_ANALYTICS_ADMIN_KEY=\"admin\"",
                "PARLEY_ANALYTICS_API_KEYS_ACME=acme-key",
                "PARLEY_GATEWAY_API_KEYS_ACME=gateway-key",
                "PARLEY_TOOL_SECRET_BRIGHTSMILE=tool-secret")));
        Secrets s = Secrets.load(file);
        // The build runs without these variables set; if a developer exported them, the environment wins.
        String envToken = System.getenv(Secrets.TWILIO_AUTH_TOKEN);
        assertEquals(envToken == null || envToken.isBlank() ? "tok" : envToken, s.twilioAuthToken());
        if (System.getenv(Secrets.ANALYTICS_ACME_KEY) == null) {
            assertEquals("acme-key", s.analyticsAcmeKey());
        }
        if (System.getenv(Secrets.GATEWAY_ACME_KEY) == null) {
            assertEquals("gateway-key", s.gatewayAcmeKey());
        }
        if (System.getenv(Secrets.BRIGHTSMILE_TOOL_SECRET) == null) {
            assertEquals("tool-secret", s.brightsmileToolSecret());
        }
        if (System.getenv(Secrets.TWILIO_AUTH_TOKEN) == null) {
            IllegalStateException missing = assertThrows(IllegalStateException.class,
                    () -> Secrets.load(home.resolve("absent.env")));
            assertTrue(missing.getMessage().contains("./parley up"), missing.getMessage());
        }
    }
}
