package dev.parley.analytics.topics;

import dev.parley.analytics.AnalyticsTopology;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Creates the input and output topics when they do not exist yet. Kafka Streams cannot start on a missing source
 * topic, and the Quarkus extension waits for the topics in {@code quarkus.kafka-streams.topics}; creating them here,
 * in the background and retrying while the broker is unreachable, lets analytics start before any call was made.
 */
@ApplicationScoped
public class TopicBootstrap {
    private static final Logger LOG = Logger.getLogger(TopicBootstrap.class);
    private static final List<String> TOPICS = AnalyticsTopology.allTopics();

    private final String bootstrapServers;
    private final int partitions;
    private final short replicationFactor;
    private volatile boolean stopped;

    public TopicBootstrap(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                          @ConfigProperty(name = "parley.events.topic-partitions", defaultValue = "3") int partitions,
                          @ConfigProperty(name = "parley.events.replication-factor", defaultValue = "1")
                          short replicationFactor) {
        this.bootstrapServers = bootstrapServers;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    void onStart(@Observes StartupEvent event) {
        Thread thread = new Thread(this::createMissingTopics, "parley-topic-bootstrap");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
    }

    private void createMissingTopics() {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "parley-analytics-topics",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(config)) {
            while (!stopped) {
                try {
                    create(admin);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    LOG.debugf("cannot create topics yet (%s); retrying", e.toString());
                    Thread.sleep(2_000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void create(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        List<NewTopic> missing = TOPICS.stream()
                .filter(topic -> !existing.contains(topic))
                .map(topic -> new NewTopic(topic, partitions, replicationFactor))
                .collect(Collectors.toList());
        for (NewTopic topic : missing) {
            try {
                admin.createTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
                LOG.infof("created topic %s (%d partitions)", topic.name(), partitions);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }
}
