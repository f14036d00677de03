package dev.parley.events;

import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Makes {@link EventPublisher} injectable in every Quarkus service, configured from MicroProfile config:
 * <ul>
 * <li>{@code kafka.bootstrap.servers} (default {@code localhost:9092})</li>
 * <li>{@code parley.events.enabled} (default true; false gives a {@link LoggingEventPublisher})</li>
 * <li>{@code parley.events.outbox-dir} (default {@code <java.io.tmpdir>/parley-outbox/<quarkus.application.name>})</li>
 * <li>{@code parley.events.topic-partitions} (3), {@code parley.events.replication-factor} (1),
 * {@code parley.events.outbox-max-bytes} (1 GiB), {@code parley.events.close-timeout} (5s)</li>
 * <li>{@code parley.events.source} (default {@code /parley/<quarkus.application.name>}): the records'
 * CloudEvents {@code ce_source}</li>
 * <li>{@code parley.events.kafka.<client property>}: extra Kafka client settings, e.g. security</li>
 * </ul>
 * The bean is a {@link DefaultBean}: a test (or a service) that declares its own {@code EventPublisher} bean
 * replaces it. It is created at startup, so events left in the outbox by a previous run are delivered at once.
 */
@Singleton
public class EventPublisherProducer {
    private static final String PREFIX = "parley.events.";
    private static final String CLIENT_PREFIX = PREFIX + "kafka.";

    @Produces
    @Singleton
    @DefaultBean
    EventPublisher eventPublisher(Config config) {
        if (!config.getOptionalValue(PREFIX + "enabled", Boolean.class).orElse(true)) {
            return new LoggingEventPublisher();
        }
        return new KafkaEventPublisher(settings(config));
    }

    void close(@Disposes EventPublisher publisher) {
        if (publisher instanceof KafkaEventPublisher) {
            ((KafkaEventPublisher) publisher).close();
        }
    }

    void createAtStartup(@Observes StartupEvent startup, EventPublisher publisher) {
        // Injecting it is enough: the publisher starts delivering what the outbox still holds.
    }

    static EventPublisherSettings settings(Config config) {
        String application = config.getOptionalValue("quarkus.application.name", String.class).orElse("app");
        Path defaultDir = Path.of(System.getProperty("java.io.tmpdir"), "parley-outbox", application);
        Map<String, String> clientProperties = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(CLIENT_PREFIX)) {
                config.getOptionalValue(name, String.class)
                        .ifPresent(value -> clientProperties.put(name.substring(CLIENT_PREFIX.length()), value));
            }
        }
        return EventPublisherSettings.builder(
                        config.getOptionalValue("kafka.bootstrap.servers", String.class).orElse("localhost:9092"),
                        config.getOptionalValue(PREFIX + "outbox-dir", String.class).map(Path::of).orElse(defaultDir))
                .clientId("parley-events-" + application)
                .source(config.getOptionalValue(PREFIX + "source", String.class).orElse("/parley/" + application))
                .clientProperties(clientProperties)
                .topics(config.getOptionalValue(PREFIX + "topic-partitions", Integer.class).orElse(3),
                        config.getOptionalValue(PREFIX + "replication-factor", Short.class).orElse((short) 1))
                .outboxSize(16L * 1024 * 1024,
                        config.getOptionalValue(PREFIX + "outbox-max-bytes", Long.class).orElse(1024L * 1024 * 1024))
                .closeTimeout(config.getOptionalValue(PREFIX + "close-timeout", Duration.class)
                        .orElse(Duration.ofSeconds(5)))
                .build();
    }
}
