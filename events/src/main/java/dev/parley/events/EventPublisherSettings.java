package dev.parley.events;

import dev.parley.contracts.events.Topics;
import dev.parley.events.delivery.DeliverySettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** Settings of a {@link KafkaEventPublisher}; start from {@link #builder}, every other value has a default. */
public final class EventPublisherSettings {
    private final Path outboxDir;
    private final long segmentBytes;
    private final long maxOutboxBytes;
    private final int queueCapacity;
    private final Duration closeTimeout;
    private final DeliverySettings delivery;

    private EventPublisherSettings(Builder b) {
        this.outboxDir = b.outboxDir;
        this.segmentBytes = b.segmentBytes;
        this.maxOutboxBytes = b.maxOutboxBytes;
        this.queueCapacity = b.queueCapacity;
        this.closeTimeout = b.closeTimeout;
        this.delivery = new DeliverySettings(b.bootstrapServers, b.clientId, b.source, b.clientProperties, Topics.ALL,
                b.topicPartitions, b.replicationFactor, b.maxUnackedRecords, b.clientTimeout, b.retryBackoff,
                b.checkpointInterval);
    }

    public static Builder builder(String bootstrapServers, Path outboxDir) {
        return new Builder(bootstrapServers, outboxDir);
    }

    public Path outboxDir() {
        return outboxDir;
    }

    public long segmentBytes() {
        return segmentBytes;
    }

    public long maxOutboxBytes() {
        return maxOutboxBytes;
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    public Duration closeTimeout() {
        return closeTimeout;
    }

    public DeliverySettings delivery() {
        return delivery;
    }

    public static final class Builder {
        private final String bootstrapServers;
        private final Path outboxDir;
        private String clientId = "parley-events";
        private String source = "/parley/events";
        private Map<String, String> clientProperties = new HashMap<>();
        private int topicPartitions = 3;
        private short replicationFactor = 1;
        private long segmentBytes = 16L * 1024 * 1024;
        private long maxOutboxBytes = 1024L * 1024 * 1024;
        private int queueCapacity = 10_000;
        private int maxUnackedRecords = 10_000;
        private Duration clientTimeout = Duration.ofSeconds(5);
        private Duration retryBackoff = Duration.ofMillis(500);
        private Duration checkpointInterval = Duration.ofMillis(100);
        private Duration closeTimeout = Duration.ofSeconds(5);

        private Builder(String bootstrapServers, Path outboxDir) {
            this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            this.outboxDir = Objects.requireNonNull(outboxDir, "outboxDir");
        }

        /** Prefix of the Kafka client ids, e.g. the service name. */
        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /** The CloudEvents {@code ce_source} of the records, e.g. {@code /parley/media-gateway}. */
        public Builder source(String source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /** Extra Kafka client settings (security, compression…); delivery guarantees cannot be weakened. */
        public Builder clientProperties(Map<String, String> clientProperties) {
            this.clientProperties = new HashMap<>(clientProperties);
            return this;
        }

        /** Partitions and replication factor of topics the publisher creates (3 and 1 by default). */
        public Builder topics(int partitions, short replicationFactor) {
            this.topicPartitions = partitions;
            this.replicationFactor = replicationFactor;
            return this;
        }

        /** Size of one outbox file (16 MiB) and bound on the whole outbox (1 GiB); beyond it events are refused. */
        public Builder outboxSize(long segmentBytes, long maxOutboxBytes) {
            this.segmentBytes = segmentBytes;
            this.maxOutboxBytes = maxOutboxBytes;
            return this;
        }

        /** Events handed over but not yet on disk (10 000); a full queue refuses events rather than block. */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        /** Records sent to Kafka and awaiting acknowledgement, at most (10 000). */
        public Builder maxUnackedRecords(int maxUnackedRecords) {
            this.maxUnackedRecords = maxUnackedRecords;
            return this;
        }

        /** Bound on one blocking Kafka client call (5 s) and pause before retrying (500 ms). */
        public Builder timeouts(Duration clientTimeout, Duration retryBackoff) {
            this.clientTimeout = clientTimeout;
            this.retryBackoff = retryBackoff;
            return this;
        }

        public Builder checkpointInterval(Duration checkpointInterval) {
            this.checkpointInterval = checkpointInterval;
            return this;
        }

        /** How long close() keeps delivering before leaving the rest in the outbox for the next start (5 s). */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = closeTimeout;
            return this;
        }

        public EventPublisherSettings build() {
            if (queueCapacity < 1 || segmentBytes < 1 || maxOutboxBytes < segmentBytes) {
                throw new IllegalArgumentException("queue capacity and segment size must be positive, "
                        + "the outbox bound at least one segment");
            }
            return new EventPublisherSettings(this);
        }
    }
}
