package dev.parley.events;

import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.EventCodec;
import dev.parley.contracts.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * The publisher when events are switched off ({@code parley.events.enabled=false}): events are encoded as they
 * would be for Kafka, so an unencodable event still shows up, and logged at debug level instead of sent.
 */
public final class LoggingEventPublisher implements EventPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(LoggingEventPublisher.class);

    @Override
    public void publish(CallEvent event) {
        if (event == null) {
            return;
        }
        try {
            byte[] json = EventCodec.encode(event);
            if (LOG.isDebugEnabled()) {
                LOG.debug("event for {} (key {}): {}", Topics.topicOf(event), event.callId(),
                        new String(json, StandardCharsets.UTF_8));
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot encode {}: {}", event.getClass().getSimpleName(), e.toString());
        }
    }
}
