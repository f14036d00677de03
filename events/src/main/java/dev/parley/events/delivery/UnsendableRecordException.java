package dev.parley.events.delivery;

/** The producer refused a record with an exception that is not a Kafka error: the record itself is unusable. */
final class UnsendableRecordException extends RuntimeException {
    UnsendableRecordException(RuntimeException cause) {
        super(cause.toString(), cause);
    }
}
