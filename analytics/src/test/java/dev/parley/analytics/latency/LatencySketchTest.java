package dev.parley.analytics.latency;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
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
    void theEncodingIsTheOneStoresAndChangelogsAlreadyHold() {
        LatencySketch sketch = new LatencySketch();
        for (long v : new long[]{0, 1, 5, 100, 101, 250, 250, 7_200_000, -3}) {
            sketch.add(v);
        }
        // count 9, min 0, max 3,600,000 (capped), sum, 6 buckets as (index, count): 0×2, 1, 81, 231, 277×2, 755.
        String stored = "0000000000000009" + "0000000000000000" + "000000000036ee80" + "000000000036f143" + "0006"
                + "0000" + "0000000000000002" + "0001" + "0000000000000001" + "0051" + "0000000000000001"
                + "00e7" + "0000000000000002" + "0115" + "0000000000000002" + "02f3" + "0000000000000001";
        ByteBuffer buffer = ByteBuffer.allocate(sketch.encodedSize());
        sketch.writeTo(buffer);
        assertEquals(stored, HexFormat.of().formatHex(buffer.array()));
        assertEquals(sketch, LatencySketch.readFrom(ByteBuffer.wrap(HexFormat.of().parseHex(stored))));
    }

    @Test
    void aDecodedSketchGrowsBothWays() {
        LatencySketch direct = new LatencySketch();
        LatencySketch decoded = new LatencySketch();
        for (long v : new long[]{300, 320, 310}) {
            direct.add(v);
            decoded.add(v);
        }
        ByteBuffer buffer = ByteBuffer.allocate(decoded.encodedSize());
        decoded.writeTo(buffer);
        buffer.flip();
        decoded = LatencySketch.readFrom(buffer);
        for (long v : new long[]{2, 3_000_000, 305, 0}) {
            direct.add(v);
            decoded.add(v);
        }
        assertEquals(direct, decoded);
        for (double q : new double[]{0, 0.2, 0.5, 0.8, 1}) {
            assertEquals(direct.quantile(q), decoded.quantile(q));
        }
        assertEquals(direct.encodedSize(), decoded.encodedSize());
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
