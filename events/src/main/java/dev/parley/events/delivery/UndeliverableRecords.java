package dev.parley.events.delivery;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Errors that no retry can fix because they are about the record itself. Such a record is given up (logged and
 * counted) so it does not hold back the ones behind it; every other error is retried.
 */
final class UndeliverableRecords {
    private UndeliverableRecords() {
    }

    static boolean isAboutTheRecord(Throwable error) {
        return error instanceof RecordTooLargeException
                || error instanceof RecordBatchTooLargeException
                || error instanceof InvalidTopicException
                || error instanceof SerializationException
                || error instanceof UnsendableRecordException;
    }
}
