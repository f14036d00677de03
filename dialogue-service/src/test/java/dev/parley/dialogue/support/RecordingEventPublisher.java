package dev.parley.dialogue.support;

import dev.parley.contracts.events.CallEvent;
import dev.parley.events.EventPublisher;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps published events in memory so tests can assert on them. In @QuarkusTest it takes precedence over the Kafka
 * publisher of the events module.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class RecordingEventPublisher implements EventPublisher {

    private final List<CallEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void publish(CallEvent event) {
        events.add(event);
    }

    public <T extends CallEvent> List<T> ofType(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends CallEvent> List<T> ofCall(Class<T> type, String callId) {
        return ofType(type).stream().filter(e -> e.callId().equals(callId)).toList();
    }

    public void clear() {
        events.clear();
    }
}
