package dev.parley.analytics.latency;

import dev.parley.contracts.events.TurnLatency;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;

/**
 * One tenant's turn latencies in one window: a sketch per stage, plus the stage timestamps that were out of order
 * (a stage before the end of speech: clocks of different hosts disagree), which are counted and left out.
 */
public final class LatencyStats {
    /** Binary, not JSON: this is rewritten on every turn in two windowed stores, so its size and speed matter. */
    public static final Serde<LatencyStats> SERDE = Serdes.serdeFrom(
            (Serializer<LatencyStats>) (topic, stats) -> stats == null ? null : stats.toBytes(),
            (Deserializer<LatencyStats>) (topic, bytes) -> bytes == null ? null : fromBytes(bytes));

    private final Map<Stage, LatencySketch> stages = new EnumMap<>(Stage.class);
    private long turns;
    private long outOfOrder;

    public LatencyStats() {
        for (Stage stage : Stage.values()) {
            stages.put(stage, new LatencySketch());
        }
    }

    public LatencyStats add(TurnLatency turn) {
        return add(TurnStages.of(turn));
    }

    public LatencyStats add(TurnStages turn) {
        turns++;
        for (Stage stage : Stage.values()) {
            long ms = turn.sinceEndOfSpeech(stage);
            if (ms == Stage.NOT_MEASURED) {
                continue;
            }
            if (ms < 0) {
                outOfOrder++;
            } else {
                stages.get(stage).add(ms);
            }
        }
        return this;
    }

    public LatencyStats merge(LatencyStats other) {
        turns += other.turns;
        outOfOrder += other.outOfOrder;
        for (Stage stage : Stage.values()) {
            stages.get(stage).merge(other.stages.get(stage));
        }
        return this;
    }

    public LatencySketch stage(Stage stage) {
        return stages.get(stage);
    }

    public long turns() {
        return turns;
    }

    public long outOfOrder() {
        return outOfOrder;
    }

    byte[] toBytes() {
        int size = 2 * Long.BYTES;
        for (LatencySketch sketch : stages.values()) {
            size += sketch.encodedSize();
        }
        ByteBuffer out = ByteBuffer.allocate(size).putLong(turns).putLong(outOfOrder);
        for (Stage stage : Stage.values()) {
            stages.get(stage).writeTo(out);
        }
        return out.array();
    }

    static LatencyStats fromBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        LatencyStats stats = new LatencyStats();
        stats.turns = in.getLong();
        stats.outOfOrder = in.getLong();
        for (Stage stage : Stage.values()) {
            stats.stages.put(stage, LatencySketch.readFrom(in));
        }
        return stats;
    }
}
