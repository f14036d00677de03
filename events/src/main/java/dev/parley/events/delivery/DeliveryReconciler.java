package dev.parley.events.delivery;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds which outbox records the broker already holds although their acknowledgement never reached the checkpoint
 * (crash, or a producer that had to be replaced). The idempotent producer only deduplicates within one producer
 * session; this closes the gap across sessions by reading the topics back from shortly before the oldest
 * unresolved record was written and collecting the sequence numbers carrying this outbox's id.
 */
final class DeliveryReconciler {
    /** Record timestamps are taken after the outbox write; the margin covers a clock stepped back meanwhile. */
    private static final long CLOCK_MARGIN_MS = Duration.ofMinutes(5).toMillis();
    private static final Duration SCAN_LIMIT = Duration.ofMinutes(2);

    private DeliveryReconciler() {
    }

    /** Sequence numbers in {@code [fromSeq, toSeq]} of outbox {@code outboxId} found in the topics. */
    static Set<Long> findDelivered(DeliverySettings settings, String outboxId, long fromSeq, long toSeq,
                                   long writtenSinceMs) {
        Duration timeout = settings.clientTimeout();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClientConfigs.reader(settings))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : settings.topics()) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
                if (infos != null) {
                    infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
                }
            }
            Map<TopicPartition, Long> since = new HashMap<>();
            partitions.forEach(partition -> since.put(partition, writtenSinceMs - CLOCK_MARGIN_MS));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(since, timeout);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> toScan = new HashMap<>();
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp start = starts.get(partition);
                if (start != null && start.offset() < ends.get(partition)) {
                    toScan.put(partition, start.offset());
                }
            }
            consumer.assign(toScan.keySet());
            toScan.forEach(consumer::seek);
            return scan(consumer, toScan.keySet(), ends, outboxId, fromSeq, toSeq);
        }
    }

    private static Set<Long> scan(KafkaConsumer<byte[], byte[]> consumer, Set<TopicPartition> partitions,
                                  Map<TopicPartition, Long> ends, String outboxId, long fromSeq, long toSeq) {
        Set<Long> found = new HashSet<>();
        Set<TopicPartition> remaining = new HashSet<>(partitions);
        long deadline = System.nanoTime() + SCAN_LIMIT.toNanos();
        while (!remaining.isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException("reading back " + remaining + " took longer than " + SCAN_LIMIT);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (!outboxId.equals(OutboxHeaders.text(record.headers(), OutboxHeaders.OUTBOX_ID))) {
                    continue;
                }
                long seq = seqOf(record);
                if (seq >= fromSeq && seq <= toSeq) {
                    found.add(seq);
                }
            }
            remaining.removeIf(partition -> consumer.position(partition) >= ends.get(partition));
        }
        return found;
    }

    private static long seqOf(ConsumerRecord<byte[], byte[]> record) {
        String text = OutboxHeaders.text(record.headers(), OutboxHeaders.OUTBOX_SEQ);
        try {
            return text == null ? -1 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
