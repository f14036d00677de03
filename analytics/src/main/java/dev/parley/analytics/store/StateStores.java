package dev.parley.analytics.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * Answers a REST read from the state stores of whichever instances hold the data, so every instance answers the
 * same. A read of one key goes to the instance where the key's partition is active: answered here, or forwarded
 * there. A read that spans partitions (a prefix scan over {@code tenant|period} keys, every tenant) is asked of every
 * instance at its active partitions, and the answers are merged. A forwarded request is answered here from the
 * partitions it names, never forwarded again. While Kafka Streams starts or rebalances, or an instance holding the
 * data is away, the answer is 503 with Retry-After rather than a wrong (partial or empty) one.
 */
@ApplicationScoped
public class StateStores {
    private final KafkaStreams streams;
    private final StoreAssignment assignment;
    private final PeerClient peers;
    private final ObjectMapper json;

    public StateStores(KafkaStreams streams, StoreAssignment assignment, PeerClient peers, ObjectMapper json) {
        this.streams = streams;
        this.assignment = assignment;
        this.peers = peers;
        this.json = json;
    }

    /**
     * The answer to {@code request}, which reads {@code key} of {@code store}: {@code answer} computed here when the
     * key's partition is active here, else the same request answered by the instance where it is.
     */
    public <T> T readKey(QueryRequest request, String store, String key, Class<T> answerType,
                         Function<LocalStores, T> answer) {
        return readKey(request, List.of(store), key, answerType, answer);
    }

    /**
     * As {@link #readKey(QueryRequest, String, String, Class, Function)}, reading {@code key} in several stores of
     * one sub-topology (e.g. a call's record and its billing): the key's partition is the same in all of them.
     */
    public <T> T readKey(QueryRequest request, List<String> stores, String key, Class<T> answerType,
                         Function<LocalStores, T> answer) {
        StorePartitions forwarded = request.forwarded().orElse(null);
        if (forwarded != null) {
            return answer.apply(new LocalStores(streams, forwarded));
        }
        StoreAssignment.KeyOwner owner = assignment.ownerOf(stores.get(0), key);
        StorePartitions partition = StorePartitions.none();
        for (String store : stores) {
            partition = partition.with(store, List.of(owner.partition()));
        }
        if (owner.local()) {
            return answer.apply(new LocalStores(streams, partition));
        }
        return PeerClient.await(peers.get(owner.host(), request, partition, json.constructType(answerType),
                PeerClient.Kind.KEY));
    }

    /**
     * The answer to {@code request}, which reads every partition of {@code stores}: {@code answer} computed by every
     * instance from its active partitions, merged.
     */
    public <T> T readAll(QueryRequest request, List<String> stores, TypeReference<T> answerType,
                         Function<LocalStores, T> answer, BinaryOperator<T> merge) {
        StorePartitions forwarded = request.forwarded().orElse(null);
        if (forwarded != null) {
            return answer.apply(new LocalStores(streams, forwarded));
        }
        Map<HostInfo, StorePartitions> plan = assignment.activePartitions(stores);
        List<CompletableFuture<T>> remote = new ArrayList<>();
        StorePartitions local = null;
        for (Map.Entry<HostInfo, StorePartitions> instance : plan.entrySet()) {
            if (instance.getKey().equals(assignment.self())) {
                local = instance.getValue();
            } else {
                remote.add(peers.get(instance.getKey(), request, instance.getValue(),
                        json.getTypeFactory().constructType(answerType), PeerClient.Kind.FAN_OUT));
            }
        }
        // The other instances work on their part while this one reads its own.
        T merged = local == null ? null : answer.apply(new LocalStores(streams, local));
        for (CompletableFuture<T> part : remote) {
            T answered = PeerClient.await(part);
            merged = merged == null ? answered : merge.apply(merged, answered);
        }
        return merged;
    }

    /** Merges list answers: every partition is read on one instance only, so nothing is counted twice. */
    public static <E> List<E> concat(List<E> a, List<E> b) {
        List<E> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
