package dev.parley.events;

import dev.parley.contracts.events.CallEvent;

/**
 * Publishes call events to Kafka. {@link #publish} never blocks the caller (it is called from the live audio
 * path): the event is handed to a durable outbox and delivered in order, keyed by call id, once the broker
 * acknowledges it. Inject it in any Quarkus service; it is produced from configuration by {@code EventPublisherProducer}.
 */
public interface EventPublisher {

    void publish(CallEvent event);
}
