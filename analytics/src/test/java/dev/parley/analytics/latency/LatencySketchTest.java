package dev.parley.analytics.latency;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencySketchTest {

    @Test
    void quantilesAreWithinOnePercentOfTheExactOnes() {
        Random random = new Random(42);
        long[] values = new long[20_000];
        LatencySketch sketch = new LatencySketch();
        for (int i = 0; i < values.length; i++) {
            // Log-normal around 700 ms, like voice-to-voice latency.
            values[i] = Math.max(1, Math.round(Math.exp(6.5 + 0.6 * random.nextGaussian())));
            sketch.add(values[i]);
        }
        Arrays.sort(values);
        for (double q : new double[]{0.5, 0.9, 0.99}) {
            long exact = values[(int) Math.floor(q * (values.length - 1))];
            long estimate = sketch.quantile(q);
            assertTrue(Math.abs(estimate - exact) <= Math.ceil(exact * LatencySketch.ALPHA) + 1,
                    "p" + q + ": " + estimate + " vs exact " + exact);
        }
        assertEquals(values[0], sketch.min());
        assertEquals(values[values.length - 1], sketch.max());
        assertEquals(values.length, sketch.count());
    }

    @Test
    void mergingEqualsAddingEverythingToOneSketch() {
        LatencySketch a = new LatencySketch();
        LatencySketch b = new LatencySketch();
        LatencySketch all = new LatencySketch();
        for (long v = 0; v < 5_000; v += 7) {
            (v % 2 == 0 ? a : b).add(v);
            all.add(v);
        }
        a.merge(b);
        assertEquals(all, a);
        assertEquals(all.quantile(0.99), a.quantile(0.99));
        assertEquals(all.min(), a.min());
        assertEquals(all.max(), a.max());
    }

    @Test
    void sizeIsBoundedAndEncodingRoundTrips() {
        LatencySketch sketch = new LatencySketch();
        for (long v = -5; v < 10_000_000; v = v * 3 / 2 + 7) {
            sketch.add(v);
        }
        assertEquals(LatencySketch.MAX_VALUE_MS, sketch.max(), "values past one hour are capped");
        assertEquals(0, sketch.min(), "negative values count as zero");
        assertTrue(sketch.encodedSize() <= 34 + (LatencySketch.MAX_INDEX + 1) * 10);
        ByteBuffer buffer = ByteBuffer.allocate(sketch.encodedSize());
        sketch.writeTo(buffer);
        buffer.flip();
        assertEquals(sketch, LatencySketch.readFrom(buffer));
    }

    @Test
    void anEmptySketchAnswersMinusOne() {
        LatencySketch sketch = new LatencySketch();
        assertEquals(-1, sketch.quantile(0.5));
        assertEquals(-1, sketch.min());
        assertEquals(-1, sketch.max());
        sketch.add(0);
        assertEquals(0, sketch.quantile(0.99));
    }
}
