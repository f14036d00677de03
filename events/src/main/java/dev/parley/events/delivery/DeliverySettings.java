package dev.parley.events.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the sender talks to Kafka.
 *
 * @param source             the CloudEvents {@code ce_source} of every record, e.g. {@code /parley/media-gateway}
 * @param clientProperties   extra Kafka client settings (security, compression…) applied to every client; the
 *                           delivery guarantees (idempotence, acks=all, one request in flight) always win
 * @param topics             topics created when missing, and searched for own records after a restart
 * @param maxUnackedRecords  records sent but not yet acknowledged, at most (bounds memory while the broker is slow)
 * @param clientTimeout      bound on one blocking client call (metadata wait, admin request)
 * @param retryBackoff       pause before retrying after a failure
 * @param checkpointInterval how often the acknowledged position is written to disk while records flow
 */
public record DeliverySettings(String bootstrapServers, String clientId, String source,
                               Map<String, String> clientProperties,
                               List<String> topics, int topicPartitions, short replicationFactor,
                               int maxUnackedRecords, Duration clientTimeout, Duration retryBackoff,
                               Duration checkpointInterval) {

    public DeliverySettings {
        clientProperties = Map.copyOf(clientProperties);
        topics = List.copyOf(topics);
        if (topicPartitions < 1 || replicationFactor < 1 || maxUnackedRecords < 1) {
            throw new IllegalArgumentException("partitions, replication factor and max unacked records must be >= 1");
        }
    }
}
