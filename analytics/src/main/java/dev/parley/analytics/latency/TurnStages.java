package dev.parley.analytics.latency;

import dev.parley.contracts.events.TurnLatency;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;

/**
 * One turn's stage durations from the end of speech ({@link Stage#NOT_MEASURED} where a stage did not happen):
 * the value sent through the repartition by tenant instead of the whole JSON event, one long per {@link Stage} in
 * ordinal order. A value written before a stage existed is shorter (32 bytes before {@link Stage#FIRST_AUDIBLE}):
 * it can still sit in the repartition topic after an upgrade, and its missing stages read as not measured.
 */
public final class TurnStages {
    static final Serde<TurnStages> SERDE = Serdes.serdeFrom(
            (Serializer<TurnStages>) (topic, turn) -> turn == null ? null : turn.toBytes(),
            (Deserializer<TurnStages>) (topic, bytes) -> bytes == null ? null : fromBytes(bytes));

    private final long[] sinceEndOfSpeech;

    private TurnStages(long[] sinceEndOfSpeech) {
        this.sinceEndOfSpeech = sinceEndOfSpeech;
    }

    public static TurnStages of(TurnLatency turn) {
        long[] values = new long[Stage.values().length];
        for (Stage stage : Stage.values()) {
            values[stage.ordinal()] = stage.sinceEndOfSpeech(turn);
        }
        return new TurnStages(values);
    }

    public long sinceEndOfSpeech(Stage stage) {
        return sinceEndOfSpeech[stage.ordinal()];
    }

    byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(sinceEndOfSpeech.length * Long.BYTES);
        for (long value : sinceEndOfSpeech) {
            out.putLong(value);
        }
        return out.array();
    }

    static TurnStages fromBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        long[] values = new long[Stage.values().length];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.remaining() >= Long.BYTES ? in.getLong() : Stage.NOT_MEASURED;
        }
        return new TurnStages(values);
    }
}
