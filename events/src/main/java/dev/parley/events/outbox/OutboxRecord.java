package dev.parley.events.outbox;

/** An entry stored in the outbox: {@code seq} is its position (1, 2, 3… without gaps), never reused. */
public record OutboxRecord(long seq, long writtenAtMs, OutboxEntry entry) {
}
