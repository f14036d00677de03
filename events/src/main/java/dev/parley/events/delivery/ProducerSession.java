package dev.parley.events.delivery;

import org.apache.kafka.clients.producer.KafkaProducer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One idempotent producer and what is in flight through it. When it fails for good it is replaced by a new session;
 * callbacks of an old session then still count successes but their failures no longer matter.
 */
final class ProducerSession {
    final KafkaProducer<String, byte[]> producer;
    final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    /** Highest sequence number handed to this producer; everything up to it may have reached the broker. */
    long highestSentSeq;

    ProducerSession(DeliverySettings settings) {
        this.producer = new KafkaProducer<>(KafkaClientConfigs.producer(settings));
    }

    void fail(Exception error) {
        failure.compareAndSet(null, error);
    }

    Exception failure() {
        return failure.get();
    }

    void close(Duration timeout) {
        producer.close(timeout);
    }
}
