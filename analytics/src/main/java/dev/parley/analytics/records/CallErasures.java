package dev.parley.analytics.records;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes erasure requests to {@value CallRecordsTopology#ERASURES_TOPIC}. State stores are written only by
 * their tasks, so an erasure is an input record like any event: the task holding the call deletes it, and the
 * deletes reach the changelogs in the task's exactly-once transaction.
 */
@ApplicationScoped
public class CallErasures {
    private final String bootstrapServers;
    private Producer<String, byte[]> producer;

    public CallErasures(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Sends {@code request} to {@code partition}, the partition of the call's task (as the assignment says), and
     * waits until the broker has it.
     * @throws WebApplicationException 503 when Kafka does not take it
     */
    public void request(ErasureRequest request, int partition) {
        try {
            producer().send(new ProducerRecord<>(CallRecordsTopology.ERASURES_TOPIC, partition, request.callId(),
                    CallRecordsTopology.ERASURE_SERDE.serializer().serialize(null, request)))
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | KafkaException | IllegalArgumentException e) {
            // IllegalArgumentException: the erasure topic has fewer partitions than the event topics (README).
            throw new WebApplicationException(Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .header("Retry-After", "1").type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "the erasure request did not reach Kafka: " + e.getClass().getSimpleName()))
                    .build());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private synchronized Producer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.CLIENT_ID_CONFIG, "parley-analytics-erasures",
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000"),
                    new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
