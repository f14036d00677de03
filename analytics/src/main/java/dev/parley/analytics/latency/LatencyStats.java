package dev.parley.analytics.latency;

import dev.parley.contracts.events.TurnLatency;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;

/**
 * One tenant's turn latencies in one window: a sketch per stage, plus the stage timestamps that were out of order
 * (a stage before the end of speech: clocks of different hosts disagree), which are counted and left out.
 * Encoded as the two counts and then one sketch per {@link Stage} in ordinal order.
 */
public final class LatencyStats {
    /** Binary, not JSON: this is rewritten on every turn in two windowed stores, so its size and speed matter. */
    public static final Serde<LatencyStats> SERDE = Serdes.serdeFrom(
            (Serializer<LatencyStats>) (topic, stats) -> stats == null ? null : stats.toBytes(),
            (Deserializer<LatencyStats>) (topic, bytes) -> bytes == null ? null : fromBytes(bytes));

    private static final Stage[] STAGES = Stage.values();

    /** By {@link Stage#ordinal()}. */
    private final LatencySketch[] stages;
    private long turns;
    private long outOfOrder;

    public LatencyStats() {
        this(new LatencySketch[STAGES.length]);
        for (int i = 0; i < stages.length; i++) {
            stages[i] = new LatencySketch();
        }
    }

    private LatencyStats(LatencySketch[] stages) {
        this.stages = stages;
    }

    public LatencyStats add(TurnLatency turn) {
        return add(TurnStages.of(turn));
    }

    public LatencyStats add(TurnStages turn) {
        turns++;
        for (Stage stage : STAGES) {
            long ms = turn.sinceEndOfSpeech(stage);
            if (ms == Stage.NOT_MEASURED) {
                continue;
            }
            if (ms < 0) {
                outOfOrder++;
            } else {
                stages[stage.ordinal()].add(ms);
            }
        }
        return this;
    }

    public LatencyStats merge(LatencyStats other) {
        turns += other.turns;
        outOfOrder += other.outOfOrder;
        for (int i = 0; i < stages.length; i++) {
            stages[i].merge(other.stages[i]);
        }
        return this;
    }

    public LatencySketch stage(Stage stage) {
        return stages[stage.ordinal()];
    }

    public long turns() {
        return turns;
    }

    public long outOfOrder() {
        return outOfOrder;
    }

    byte[] toBytes() {
        int size = 2 * Long.BYTES;
        for (LatencySketch sketch : stages) {
            size += sketch.encodedSize();
        }
        ByteBuffer out = ByteBuffer.allocate(size).putLong(turns).putLong(outOfOrder);
        for (LatencySketch sketch : stages) {
            sketch.writeTo(out);
        }
        return out.array();
    }

    static LatencyStats fromBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        LatencyStats stats = new LatencyStats(new LatencySketch[STAGES.length]);
        stats.turns = in.getLong();
        stats.outOfOrder = in.getLong();
        for (int i = 0; i < stats.stages.length; i++) {
            // A window stored before a stage existed holds fewer sketches: that stage is empty in it.
            stats.stages[i] = in.hasRemaining() ? LatencySketch.readFrom(in) : new LatencySketch();
        }
        return stats;
    }
}
