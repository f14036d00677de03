package dev.parley.events;

import dev.parley.contracts.events.CallStarted;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventPublisherProducerTest {

    @Test
    void defaultsPointAtALocalBrokerAndAPerServiceOutbox() {
        EventPublisherSettings settings = EventPublisherProducer.settings(config(Map.of(
                "quarkus.application.name", "stt-service")));

        assertEquals("localhost:9092", settings.delivery().bootstrapServers());
        assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "parley-outbox", "stt-service"),
                settings.outboxDir());
        assertEquals(3, settings.delivery().topicPartitions());
        assertEquals(1, settings.delivery().replicationFactor());
        assertEquals("parley-events-stt-service", settings.delivery().clientId());
        assertEquals("/parley/stt-service", settings.delivery().source());
        assertEquals(Duration.ofSeconds(5), settings.closeTimeout());
    }

    @Test
    void everySettingCanBeConfigured(@TempDir Path dir) {
        EventPublisherSettings settings = EventPublisherProducer.settings(config(Map.of(
                "kafka.bootstrap.servers", "kafka-1:9092,kafka-2:9092",
                "parley.events.outbox-dir", dir.toString(),
                "parley.events.topic-partitions", "12",
                "parley.events.replication-factor", "3",
                "parley.events.outbox-max-bytes", "134217728",
                "parley.events.close-timeout", "2s",
                "parley.events.source", "urn:acme:parley:eu-west-1:gateway-7",
                "parley.events.kafka.security.protocol", "SASL_SSL",
                "parley.events.kafka.compression.type", "zstd")));

        assertEquals("kafka-1:9092,kafka-2:9092", settings.delivery().bootstrapServers());
        assertEquals(dir, settings.outboxDir());
        assertEquals(12, settings.delivery().topicPartitions());
        assertEquals("urn:acme:parley:eu-west-1:gateway-7", settings.delivery().source());
        assertEquals(3, settings.delivery().replicationFactor());
        assertEquals(134217728L, settings.maxOutboxBytes());
        assertEquals(Duration.ofSeconds(2), settings.closeTimeout());
        assertEquals(Map.of("security.protocol", "SASL_SSL", "compression.type", "zstd"),
                settings.delivery().clientProperties());
    }

    @Test
    void disabledEventsAreLoggedInsteadOfSent() {
        EventPublisherProducer producer = new EventPublisherProducer();
        EventPublisher publisher = producer.eventPublisher(config(Map.of("parley.events.enabled", "false")));

        assertTrue(publisher instanceof LoggingEventPublisher, publisher.getClass().getName());
        publisher.publish(new CallStarted("tenant-a", "call-1", Instant.now(), "browser", "a", "b"));
        producer.close(publisher);
    }

    private static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .addDiscoveredConverters()
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
    }
}
