package dev.parley.stt.support;

import dev.parley.contracts.events.CallEvent;
import dev.parley.events.EventPublisher;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records the events the service publishes so tests can assert on them; wins over the Kafka-backed publisher
 * (Kafka delivery is tested in the events module).
 */
@Alternative
@Priority(1)
@Singleton
public class RecordingEventPublisher implements EventPublisher {
    private final List<CallEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void publish(CallEvent event) {
        events.add(event);
    }

    public <T extends CallEvent> List<T> of(Class<T> type, String callId) {
        return events.stream().filter(type::isInstance).map(type::cast).filter(e -> e.callId().equals(callId))
                .toList();
    }

    public List<CallEvent> all() {
        return List.copyOf(events);
    }
}
