package dev.parley.analytics.records;

import dev.parley.analytics.recordings.CallFileIds;
import dev.parley.analytics.recordings.RecordingStore;
import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.recordings.RecordingFileNames;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Folds a call's events into its record and keeps the list and expiry indexes in step; erases a record, and the
 * call's recording files, on request; and, on a wall-clock schedule, removes records whose call started longer ago than the retention. Every removal is
 * a delete, so the changelogs carry tombstones and compaction forgets the call too. Never logs a record's content:
 * caller numbers and transcripts are personal data.
 */
final class CallRecordProcessor implements Processor<String, Object, Void, Void> {
    private static final Logger LOG = Logger.getLogger(CallRecordProcessor.class);
    private final RecordsSettings settings;
    private final RecordingStore recordings;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, CallRecord> records;
    private KeyValueStore<String, CallSummary> byTenant;
    private KeyValueStore<String, String> expiry;
    private KeyValueStore<String, ErasureRequest> erased;

    CallRecordProcessor(RecordsSettings settings, RecordingStore recordings) {
        this.settings = settings;
        this.recordings = recordings;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        records = context.getStateStore(CallRecordsTopology.CALL_RECORDS_STORE);
        byTenant = context.getStateStore(CallRecordsTopology.CALL_INDEX_STORE);
        expiry = context.getStateStore(CallRecordsTopology.CALL_EXPIRY_STORE);
        erased = context.getStateStore(CallRecordsTopology.ERASED_STORE);
        // Wall-clock: retention is about how long personal data is kept, whether or not new events arrive.
        context.schedule(settings.purgeInterval(), PunctuationType.WALL_CLOCK_TIME,
                now -> purge(Instant.ofEpochMilli(now)));
    }

    @Override
    public void process(Record<String, Object> record) {
        if (record.value() instanceof ErasureRequest erasure) {
            erase(erasure);
        } else if (record.value() instanceof CallEvent event) {
            fold(event, traceId(record.headers()));
        }
    }

    private void fold(CallEvent event, String traceId) {
        if (erased.get(event.callId()) != null) {
            return; // a late or redelivered event of an erased call must not bring its record back
        }
        CallRecord call = records.get(event.callId());
        String oldListKey = call == null ? null : listKey(call);
        String oldExpiryKey = call == null ? null : expiryKey(call);
        call = (call == null ? new CallRecord() : call).apply(event, traceId);
        if (call.startedAt().isBefore(cutoff(Instant.ofEpochMilli(context.currentSystemTimeMs())))) {
            // Already past retention (a backlog replayed late): not kept at all.
            remove(event.callId(), oldListKey, oldExpiryKey);
            return;
        }
        records.put(call.callId(), call);
        String listKey = listKey(call);
        String expiryKey = expiryKey(call);
        if (oldListKey != null && !oldListKey.equals(listKey)) {
            byTenant.delete(oldListKey); // the start moved (call.started arrived after other events)
        }
        if (oldExpiryKey != null && !oldExpiryKey.equals(expiryKey)) {
            expiry.delete(oldExpiryKey);
        }
        byTenant.put(listKey, call.summary());
        expiry.put(expiryKey, call.callId());
    }

    private void erase(ErasureRequest erasure) {
        CallRecord call = records.get(erasure.callId());
        if (call != null && !call.tenantId().equals(erasure.tenantId())) {
            return; // not this tenant's call: the REST side checks this, a hand-made request is ignored
        }
        deleteRecording(erasure);
        if (call != null) {
            remove(call.callId(), listKey(call), expiryKey(call));
        }
        erased.put(erasure.callId(), erasure);
    }

    /**
     * Here, where the erasure is applied once per call (by the task holding it; the recordings volume is shared by
     * every replica), and again harmlessly if the request is redelivered. A file that cannot be deleted is logged,
     * not thrown: a failing task would stop every call of its partition; the gateways' retention sweep deletes it
     * later.
     */
    private void deleteRecording(ErasureRequest erasure) {
        if (!CallFileIds.valid(erasure.tenantId()) || erasure.callId().isEmpty()) {
            return; // ids no recording can have
        }
        try {
            recordings.delete(erasure.tenantId(), RecordingFileNames.stem(erasure.callId()));
        } catch (UncheckedIOException e) {
            LOG.errorf("erasure of call %s: its recording could not be deleted (%s)", erasure.callId(),
                    e.getCause().getMessage());
        }
    }

    private void purge(Instant now) {
        Instant cutoff = cutoff(now);
        List<KeyValue<String, String>> expired = new ArrayList<>();
        // Collected first, deleted after: the iterator is not to see its own deletes.
        try (KeyValueIterator<String, String> it = expiry.range(null, CallIndexKey.expiryBefore(cutoff))) {
            it.forEachRemaining(expired::add);
        }
        for (KeyValue<String, String> entry : expired) {
            expiry.delete(entry.key);
            CallRecord call = records.get(entry.value);
            if (call != null) {
                remove(entry.value, listKey(call), expiryKey(call));
            }
        }
        List<String> forgotten = new ArrayList<>();
        try (KeyValueIterator<String, ErasureRequest> it = erased.all()) {
            while (it.hasNext()) {
                KeyValue<String, ErasureRequest> entry = it.next();
                if (entry.value.requestedAt().isBefore(cutoff)) {
                    forgotten.add(entry.key);
                }
            }
        }
        forgotten.forEach(erased::delete);
    }

    private void remove(String callId, String listKey, String expiryKey) {
        records.delete(callId);
        if (listKey != null) {
            byTenant.delete(listKey);
        }
        if (expiryKey != null) {
            expiry.delete(expiryKey);
        }
    }

    private Instant cutoff(Instant now) {
        return now.minus(settings.retention());
    }

    private static String listKey(CallRecord call) {
        return CallIndexKey.of(call.tenantId(), call.startedAt(), call.callId());
    }

    private static String expiryKey(CallRecord call) {
        return CallIndexKey.expiry(call.startedAt(), call.callId());
    }

    /** The trace id of W3C {@code traceparent} ({@code 00-<trace id>-<span id>-<flags>}), or null. */
    static String traceId(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader("traceparent");
        if (header == null || header.value() == null) {
            return null;
        }
        String[] fields = new String(header.value(), StandardCharsets.UTF_8).trim().split("-");
        return fields.length >= 4 && fields[1].matches("[0-9a-f]{32}") ? fields[1] : null;
    }
}
