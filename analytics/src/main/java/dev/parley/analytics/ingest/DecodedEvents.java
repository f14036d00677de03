package dev.parley.analytics.ingest;

import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * The four event topics, each read once and decoded once: a topic can be a source only once in a topology, and
 * every feature (billing, rates, latency) takes the streams it needs from here. All are keyed by call id; the
 * topics share one partition count (the events module creates them alike), so a call's events from different
 * topics meet in the same task without a repartition.
 */
public record DecodedEvents(KStream<String, CallEvent> calls, KStream<String, CallEvent> turns,
                            KStream<String, CallEvent> latency, KStream<String, CallEvent> engines) {

    public static DecodedEvents from(StreamsBuilder builder, SkippedRecords skipped) {
        return new DecodedEvents(decoded(builder, Topics.CALLS, "calls", skipped),
                decoded(builder, Topics.TURNS, "turns", skipped),
                decoded(builder, Topics.LATENCY, "latency", skipped),
                decoded(builder, Topics.ENGINES, "engines", skipped));
    }

    private static KStream<String, CallEvent> decoded(StreamsBuilder builder, String topic, String name,
                                                      SkippedRecords skipped) {
        CallEventDecoder decoder = new CallEventDecoder(topic, skipped);
        return builder.stream(topic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(name + "-events"))
                .flatMapValues(decoder::decode, Named.as("decode-" + name));
    }
}
