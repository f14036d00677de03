package dev.parley.events;

/**
 * Counters of a publisher since it started, for metrics and health.
 *
 * @param accepted         events handed to {@code publish}
 * @param refused          events refused: queue full, outbox full, publisher closed, or not encodable
 * @param stored           events written and fsync'd to the outbox
 * @param delivered        records acknowledged by Kafka
 * @param alreadyDelivered records found on the broker after a restart and not sent again
 * @param undeliverable    records Kafka rejected for good (e.g. too large)
 * @param pending          records in the outbox not yet resolved
 * @param outboxBytes      disk used by the outbox
 */
public record PublisherStats(long accepted, long refused, long stored, long delivered, long alreadyDelivered,
                             long undeliverable, long pending, long outboxBytes) {
}
