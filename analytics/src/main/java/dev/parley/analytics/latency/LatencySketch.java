package dev.parley.analytics.latency;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A mergeable quantile sketch of latencies in milliseconds with a 1 % relative-accuracy guarantee (the DDSketch
 * construction): bucket {@code i} holds values in (γ^(i-1), γ^i] with γ = (1+α)/(1-α), α = 0.01, and a quantile is
 * answered with the bucket's midpoint 2γ^i/(γ+1), which is within α of every value in the bucket. So the reported
 * p50/p90/p99 is within 1 % of the true value of that rank (and exact for 0). Values are capped at one hour, which
 * bounds the sketch to {@value #MAX_INDEX} + 1 buckets whatever the volume; real turn latencies (50 ms to 10 s)
 * occupy at most ~270. Two sketches merge by adding bucket counts, so windows combine without losing accuracy.
 */
public final class LatencySketch {
    static final double ALPHA = 0.01;
    private static final double GAMMA = (1 + ALPHA) / (1 - ALPHA);
    private static final double LOG_GAMMA = Math.log(GAMMA);
    static final long MAX_VALUE_MS = 3_600_000;
    static final int MAX_INDEX = (int) Math.ceil(Math.log(MAX_VALUE_MS) / LOG_GAMMA);

    /**
     * counts[0] holds values ≤ 0 ms (a stage in the same millisecond); counts[i] bucket i for i ≥ 1. Only as long
     * as the highest bucket used: a window is read and rewritten on every turn, so allocation matters.
     */
    private long[] counts = new long[0];
    private long count;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;
    private long sum;

    public void add(long valueMs) {
        long value = Math.min(Math.max(valueMs, 0), MAX_VALUE_MS);
        int index = index(value);
        ensureLength(index + 1);
        counts[index]++;
        count++;
        min = Math.min(min, value);
        max = Math.max(max, value);
        sum += value;
    }

    public void merge(LatencySketch other) {
        ensureLength(other.counts.length);
        for (int i = 0; i < other.counts.length; i++) {
            counts[i] += other.counts[i];
        }
        count += other.count;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        sum += other.sum;
    }

    /** The value at quantile q (0..1), within 1 % of the true one; -1 when empty. */
    public long quantile(double q) {
        if (count == 0) {
            return -1;
        }
        // Rank counted from 0, as in DDSketch; the clamp keeps p100 at the exact maximum.
        long rank = (long) Math.floor(q * (count - 1));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen > rank) {
                return Math.min(Math.max(representative(i), min), max);
            }
        }
        return max;
    }

    public long count() {
        return count;
    }

    public long min() {
        return count == 0 ? -1 : min;
    }

    public long max() {
        return count == 0 ? -1 : max;
    }

    public double mean() {
        return count == 0 ? -1 : (double) sum / count;
    }

    private void ensureLength(int length) {
        if (counts.length < length) {
            // Some slack so a window's first turns do not copy the array once per new bucket.
            counts = Arrays.copyOf(counts, Math.min(MAX_INDEX + 1, Math.max(length, counts.length + 32)));
        }
    }

    static int index(long value) {
        if (value <= 0) {
            return 0;
        }
        return Math.max(1, (int) Math.ceil(Math.log(value) / LOG_GAMMA));
    }

    private static long representative(int index) {
        if (index == 0) {
            return 0;
        }
        return Math.round(2 * Math.pow(GAMMA, index) / (GAMMA + 1));
    }

    /** Sparse encoding: only non-empty buckets, as (index, count) pairs. */
    void writeTo(ByteBuffer out) {
        int used = 0;
        for (long c : counts) {
            used += c == 0 ? 0 : 1;
        }
        out.putLong(count).putLong(min).putLong(max).putLong(sum).putShort((short) used);
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                out.putShort((short) i).putLong(counts[i]);
            }
        }
    }

    int encodedSize() {
        int used = 0;
        for (long c : counts) {
            used += c == 0 ? 0 : 1;
        }
        return 4 * Long.BYTES + Short.BYTES + used * (Short.BYTES + Long.BYTES);
    }

    static LatencySketch readFrom(ByteBuffer in) {
        LatencySketch sketch = new LatencySketch();
        sketch.count = in.getLong();
        sketch.min = in.getLong();
        sketch.max = in.getLong();
        sketch.sum = in.getLong();
        int used = in.getShort();
        int[] indices = new int[used];
        long[] bucketCounts = new long[used];
        for (int i = 0; i < used; i++) {
            indices[i] = in.getShort();
            bucketCounts[i] = in.getLong();
        }
        sketch.counts = new long[used == 0 ? 0 : indices[used - 1] + 1];
        for (int i = 0; i < used; i++) {
            sketch.counts[indices[i]] = bucketCounts[i];
        }
        return sketch;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LatencySketch)) {
            return false;
        }
        LatencySketch other = (LatencySketch) o;
        return count == other.count && sum == other.sum && Arrays.equals(trimmed(), other.trimmed());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(trimmed());
    }

    private long[] trimmed() {
        int length = counts.length;
        while (length > 0 && counts[length - 1] == 0) {
            length--;
        }
        return Arrays.copyOf(counts, length);
    }
}
