package dev.parley.events.delivery;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** Creates the event topics that do not exist yet, so records never land in auto-created single-partition topics. */
final class TopicInitializer {
    private static final Logger LOG = LoggerFactory.getLogger(TopicInitializer.class);

    private TopicInitializer() {
    }

    /**
     * @return false when the broker could not be reached (try again later); true once the topics exist, or when
     * creating them is refused for good (no permission, policy): then they are assumed to be managed elsewhere
     */
    static boolean ensureTopics(DeliverySettings settings) throws InterruptedException {
        long timeoutMs = settings.clientTimeout().toMillis();
        Admin admin = Admin.create(KafkaClientConfigs.admin(settings));
        try {
            Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = settings.topics().stream()
                    .filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, settings.topicPartitions(), settings.replicationFactor()))
                    .collect(Collectors.toList());
            for (Map.Entry<String, KafkaFuture<Void>> creation : admin.createTopics(missing).values().entrySet()) {
                try {
                    creation.getValue().get(timeoutMs, TimeUnit.MILLISECONDS);
                    LOG.info("created topic {} ({} partitions, replication factor {})", creation.getKey(),
                            settings.topicPartitions(), settings.replicationFactor());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RetriableException) {
                        return false;
                    }
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        LOG.warn("cannot create topic {} ({}); assuming it is managed elsewhere", creation.getKey(),
                                e.getCause().toString());
                    }
                }
            }
            return leadersElected(admin, settings.topics(), timeoutMs);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RetriableException) {
                return false;
            }
            LOG.warn("cannot check topics ({}); assuming they are managed elsewhere", e.getCause().toString());
            return true;
        } catch (TimeoutException e) {
            return false;
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    /**
     * A first produce to a partition whose leader is not settled yet fails with NOT_LEADER, and with several
     * batches in flight the idempotent producer can then get stuck on sequence errors: let new topics settle first.
     */
    private static boolean leadersElected(Admin admin, List<String> topics, long timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() - deadline < 0) {
            Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames()
                    .get(timeoutMs, TimeUnit.MILLISECONDS);
            boolean ready = descriptions.values().stream()
                    .flatMap(description -> description.partitions().stream())
                    .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
            if (ready) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
