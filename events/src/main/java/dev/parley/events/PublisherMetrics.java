package dev.parley.events;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import java.util.function.ToDoubleFunction;

/**
 * The event publisher's figures as Micrometer meters, so an operator sees a Kafka outage build up in the outbox
 * (parley_events_pending, parley_events_outbox_bytes) and drain once the broker is back, next to what was refused
 * or undeliverable.
 */
@Singleton
public class PublisherMetrics {

    void register(@Observes StartupEvent startup, EventPublisher publisher, Instance<MeterRegistry> registries) {
        if (!(publisher instanceof KafkaEventPublisher) || !registries.isResolvable()) {
            return;
        }
        KafkaEventPublisher kafka = (KafkaEventPublisher) publisher;
        MeterRegistry registry = registries.get();
        counter(registry, kafka, "parley.events.accepted", "events handed to the publisher", s -> s.accepted());
        counter(registry, kafka, "parley.events.refused", "events refused (queue or outbox full, not encodable)",
                s -> s.refused());
        counter(registry, kafka, "parley.events.stored", "events written and synced to the outbox", s -> s.stored());
        counter(registry, kafka, "parley.events.delivered", "records acknowledged by Kafka", s -> s.delivered());
        counter(registry, kafka, "parley.events.undeliverable", "records Kafka rejected for good",
                s -> s.undeliverable());
        Gauge.builder("parley.events.pending", kafka, k -> k.stats().pending())
                .description("records in the outbox not yet acknowledged by Kafka").register(registry);
        Gauge.builder("parley.events.outbox", kafka, k -> k.stats().outboxBytes()).baseUnit("bytes")
                .description("disk used by the outbox").register(registry);
    }

    private static void counter(MeterRegistry registry, KafkaEventPublisher publisher, String name,
                                String description, ToDoubleFunction<PublisherStats> value) {
        FunctionCounter.builder(name, publisher, p -> value.applyAsDouble(p.stats())).description(description)
                .register(registry);
    }
}
