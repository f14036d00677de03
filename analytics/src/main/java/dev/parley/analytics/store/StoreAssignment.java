package dev.parley.analytics.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where each state store partition is active, from the assignment Kafka Streams shares with every instance of the
 * application (each advertises itself as {@code application.server}). A store's partition is its task's: the
 * partition of the topics its sub-topology reads.
 */
@ApplicationScoped
public class StoreAssignment {
    private static final StringSerializer KEYS = new StringSerializer();

    private final KafkaStreams streams;
    private final HostInfo self;
    /** Store name → the topics of its sub-topology, by their names in the assignment. */
    private final Map<String, Set<String>> sourceTopics;

    @Inject
    public StoreAssignment(KafkaStreams streams, Topology topology,
                           @ConfigProperty(name = "quarkus.kafka-streams.application-id") String applicationId,
                           @ConfigProperty(name = "quarkus.kafka-streams.application-server")
                           Optional<String> applicationServer) {
        this(streams, self(applicationServer), sourceTopics(topology, applicationId));
    }

    StoreAssignment(KafkaStreams streams, HostInfo self, Map<String, Set<String>> sourceTopics) {
        this.streams = streams;
        this.self = self;
        this.sourceTopics = sourceTopics;
    }

    /** The instance where {@code key} of {@code store} is active, and its partition. */
    public record KeyOwner(HostInfo host, int partition, boolean local) {
    }

    /** @throws jakarta.ws.rs.WebApplicationException 503 while no instance has the key's partition active */
    public KeyOwner ownerOf(String store, String key) {
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(store, key, KEYS);
        } catch (IllegalStateException | InvalidStateStoreException e) {
            throw LocalStores.notReady("Kafka Streams is " + streams.state());
        }
        if (metadata == null || metadata.activeHost() == null || metadata.partition() < 0
                || HostInfo.unavailable().equals(metadata.activeHost())) {
            throw LocalStores.notReady("no instance has " + store + " active (" + streams.state() + ")");
        }
        return new KeyOwner(metadata.activeHost(), metadata.partition(), self.equals(metadata.activeHost()));
    }

    /**
     * The active partitions of {@code stores} per instance, for a read that spans every partition.
     * @throws jakarta.ws.rs.WebApplicationException 503 while the assignment is not known or has a store nowhere
     */
    public Map<HostInfo, StorePartitions> activePartitions(List<String> stores) {
        Collection<StreamsMetadata> instances;
        try {
            instances = streams.metadataForAllStreamsClients();
        } catch (IllegalStateException | InvalidStateStoreException e) {
            throw LocalStores.notReady("Kafka Streams is " + streams.state());
        }
        Map<HostInfo, StorePartitions> byHost = new LinkedHashMap<>();
        for (String store : stores) {
            Set<String> topics = sourceTopics.get(store);
            if (topics == null) {
                throw new IllegalArgumentException("no state store " + store + " in the topology");
            }
            boolean somewhere = false;
            for (StreamsMetadata instance : instances) {
                Set<Integer> partitions = new TreeSet<>();
                for (TopicPartition tp : instance.topicPartitions()) {
                    if (topics.contains(tp.topic())) {
                        partitions.add(tp.partition());
                    }
                }
                somewhere |= !partitions.isEmpty();
                byHost.put(instance.hostInfo(),
                        byHost.getOrDefault(instance.hostInfo(), StorePartitions.none()).with(store, partitions));
            }
            if (!somewhere) {
                throw LocalStores.notReady("no instance has " + store + " active (" + streams.state() + ")");
            }
        }
        byHost.values().removeIf(StorePartitions::isEmpty);
        return byHost;
    }

    public HostInfo self() {
        return self;
    }

    /**
     * Store → the topics of the sub-topology that holds it. The description names internal (repartition) topics
     * without the application id the assignment prefixes them with, so both spellings are kept.
     */
    static Map<String, Set<String>> sourceTopics(Topology topology, String applicationId) {
        Map<String, Set<String>> byStore = new HashMap<>();
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            Set<String> topics = new HashSet<>();
            Set<String> stores = new HashSet<>();
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source) {
                    Set<String> names = ((TopologyDescription.Source) node).topicSet();
                    if (names != null) {
                        for (String name : names) {
                            topics.add(name);
                            topics.add(applicationId + "-" + name);
                        }
                    }
                } else if (node instanceof TopologyDescription.Processor) {
                    stores.addAll(((TopologyDescription.Processor) node).stores());
                }
            }
            for (String store : stores) {
                byStore.put(store, Set.copyOf(topics));
            }
        }
        return Map.copyOf(byStore);
    }

    private static HostInfo self(Optional<String> applicationServer) {
        String server = applicationServer.filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalStateException(
                "quarkus.kafka-streams.application-server (host:port other instances reach this one on) is not set"));
        return HostInfo.buildFromEndpoint(server);
    }
}
