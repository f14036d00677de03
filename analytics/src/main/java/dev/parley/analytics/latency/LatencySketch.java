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
    private static final int PAIR_BYTES = Short.BYTES + Long.BYTES;

    private static final long[] NONE = new long[0];
    /** Room added when the range of buckets grows, so a window's first turns do not copy the array every time. */
    private static final int SLACK = 16;

    /**
     * counts[i] is bucket {@code offset + i} (bucket 0 holds values ≤ 0 ms, a stage in the same millisecond). Only
     * the range of buckets in use is kept: a window is decoded, updated and encoded again on every turn, and real
     * latencies occupy a narrow band of the 756 possible buckets, so the work is proportional to that band.
     */
    private long[] counts = NONE;
    private int offset;
    /** Non-empty buckets, which is what the encoding holds. */
    private int used;
    private long count;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;
    private long sum;

    public void add(long valueMs) {
        long value = Math.min(Math.max(valueMs, 0), MAX_VALUE_MS);
        int index = index(value);
        cover(index, index);
        if (counts[index - offset]++ == 0) {
            used++;
        }
        count++;
        min = Math.min(min, value);
        max = Math.max(max, value);
        sum += value;
    }

    public void merge(LatencySketch other) {
        if (other.used > 0) {
            cover(other.offset, other.offset + other.counts.length - 1);
            for (int i = 0; i < other.counts.length; i++) {
                long add = other.counts[i];
                if (add != 0 && (counts[other.offset + i - offset] += add) == add) {
                    used++;
                }
            }
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
                return Math.min(Math.max(representative(offset + i), min), max);
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

    /** Makes buckets {@code from..to} addressable, keeping what is counted. */
    private void cover(int from, int to) {
        if (counts.length == 0) {
            offset = Math.max(0, from - SLACK / 2);
            counts = new long[Math.min(MAX_INDEX + 1 - offset, to - offset + 1 + SLACK / 2)];
            return;
        }
        int end = offset + counts.length;
        if (from >= offset && to < end) {
            return;
        }
        int newOffset = from < offset ? Math.max(0, from - SLACK) : offset;
        int newEnd = to >= end ? Math.min(MAX_INDEX + 1, to + 1 + SLACK) : end;
        long[] grown = new long[newEnd - newOffset];
        System.arraycopy(counts, 0, grown, offset - newOffset, counts.length);
        counts = grown;
        offset = newOffset;
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

    /** Sparse encoding: only non-empty buckets, as (index, count) pairs in index order. */
    void writeTo(ByteBuffer out) {
        out.putLong(count).putLong(min).putLong(max).putLong(sum).putShort((short) used);
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                out.putShort((short) (offset + i)).putLong(counts[i]);
            }
        }
    }

    int encodedSize() {
        return 4 * Long.BYTES + Short.BYTES + used * PAIR_BYTES;
    }

    static LatencySketch readFrom(ByteBuffer in) {
        LatencySketch sketch = new LatencySketch();
        sketch.count = in.getLong();
        sketch.min = in.getLong();
        sketch.max = in.getLong();
        sketch.sum = in.getLong();
        int used = in.getShort();
        if (used > 0) {
            // Pairs come in index order: the first and the last give the range to allocate.
            int first = in.getShort(in.position());
            int last = in.getShort(in.position() + (used - 1) * PAIR_BYTES);
            sketch.offset = first;
            sketch.counts = new long[last - first + 1];
            for (int i = 0; i < used; i++) {
                int index = in.getShort();
                sketch.counts[index - first] = in.getLong();
            }
            sketch.used = used;
        }
        return sketch;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LatencySketch)) {
            return false;
        }
        LatencySketch other = (LatencySketch) o;
        return count == other.count && sum == other.sum && used == other.used
                && Arrays.equals(nonEmpty(), other.nonEmpty());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(nonEmpty());
    }

    /** (index, count) of every non-empty bucket: the content, whatever range the array happens to cover. */
    private long[] nonEmpty() {
        long[] pairs = new long[2 * used];
        int n = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                pairs[n++] = offset + i;
                pairs[n++] = counts[i];
            }
        }
        return pairs;
    }
}
