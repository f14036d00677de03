package dev.parley.tts.session;

import dev.parley.contracts.events.CallEvent;
import dev.parley.events.EventPublisher;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Test bean: records published events (it replaces the events module's default Kafka publisher in tests). */
@Singleton
public class RecordingEventPublisher implements EventPublisher {
    private final List<CallEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void publish(CallEvent event) {
        events.add(event);
    }

    public <T extends CallEvent> List<T> of(Class<T> type, String callId) {
        List<T> out = new ArrayList<>();
        for (CallEvent e : events) {
            if (type.isInstance(e) && e.callId().equals(callId)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    /** Waits until an event of the type for the call satisfies the condition. */
    public <T extends CallEvent> T await(Class<T> type, String callId, Predicate<T> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (T e : of(type, callId)) {
                if (condition.test(e)) {
                    return e;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + type.getSimpleName() + " for call " + callId + " within " + timeout
                + "; recorded: " + events);
    }
}
