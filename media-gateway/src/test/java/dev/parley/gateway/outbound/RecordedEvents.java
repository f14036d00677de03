package dev.parley.gateway.outbound;

import dev.parley.contracts.events.CallEvent;
import dev.parley.events.EventPublisher;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event the gateway publishes, in the profiles that enable it, instead of sending them to Kafka. */
@Alternative
@Singleton
public class RecordedEvents implements EventPublisher {
    private final List<CallEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void publish(CallEvent event) {
        events.add(event);
    }

    public List<CallEvent> all() {
        return List.copyOf(events);
    }

    public List<CallEvent> of(String callId) {
        return events.stream().filter(e -> e.callId().equals(callId)).toList();
    }
}
