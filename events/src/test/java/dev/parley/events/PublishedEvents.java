package dev.parley.events;

import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.CallStarted;
import dev.parley.contracts.events.EventCodec;
import dev.parley.contracts.events.Topics;
import dev.parley.contracts.events.UserTurnEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Events of a few interleaved calls, as a live service emits them, and how to compare them with what Kafka has. */
final class PublishedEvents {
    final String run = UUID.randomUUID().toString().substring(0, 8);
    final String tenant = "tenant-" + run;
    private final List<CallEvent> events = new ArrayList<>();
    private long clock = 1_700_000_000_000L;

    /** {@code calls} calls, each: started, {@code turns} user turns, ended; the calls' events interleave. */
    List<CallEvent> calls(int firstCall, int calls, int turns) {
        List<CallEvent> batch = new ArrayList<>();
        for (int step = 0; step < turns + 2; step++) {
            for (int c = firstCall; c < firstCall + calls; c++) {
                String callId = run + "-call-" + c;
                Instant at = Instant.ofEpochMilli(clock++);
                if (step == 0) {
                    batch.add(new CallStarted(tenant, callId, at, "twilio", "+15550001", "+15550002"));
                } else if (step == turns + 1) {
                    batch.add(new CallEnded(tenant, callId, at, 1000L * turns, "caller-hangup", turns, turns));
                } else {
                    batch.add(new UserTurnEvent(tenant, callId, at, step, "turn " + step, 0.9, "stt"));
                }
            }
        }
        events.addAll(batch);
        return batch;
    }

    int count() {
        return events.size();
    }

    boolean isOurs(ConsumerRecord<String, byte[]> record) {
        return record.key() != null && record.key().startsWith(run + "-");
    }

    /** Published events per topic and key, in publication order: what Kafka must hold, each exactly once. */
    Map<String, List<CallEvent>> expectedStreams() {
        Map<String, List<CallEvent>> streams = new LinkedHashMap<>();
        for (CallEvent event : events) {
            streams.computeIfAbsent(Topics.topicOf(event) + "/" + event.callId(), k -> new ArrayList<>()).add(event);
        }
        return streams;
    }

    static Map<String, List<CallEvent>> streamsOf(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, List<CallEvent>> streams = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            streams.computeIfAbsent(record.topic() + "/" + record.key(), k -> new ArrayList<>())
                    .add(EventCodec.decode(record.value()));
        }
        return streams;
    }
}
