package dev.parley.gateway.recording;

import java.util.Arrays;

/** A growable list of primitive longs: redaction bookkeeping without a boxed value per entry. */
final class Longs {
    private long[] values = new long[8];
    private int size;

    void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    long get(int i) {
        return values[i];
    }

    void set(int i, long value) {
        values[i] = value;
    }

    int size() {
        return size;
    }

    /** Keeps the first {@code n} values. */
    void truncate(int n) {
        size = Math.min(size, n);
    }
}
