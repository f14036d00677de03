package dev.parley.analytics.recordings;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ByteRangeTest {

    @Test
    void singleRangesAreClampedToTheFile() {
        assertEquals(Optional.of(new ByteRange(0, 99)), ByteRange.of("bytes=0-99", 1000));
        assertEquals(Optional.of(new ByteRange(500, 999)), ByteRange.of("bytes=500-", 1000));
        assertEquals(Optional.of(new ByteRange(900, 999)), ByteRange.of("bytes=-100", 1000));
        assertEquals(Optional.of(new ByteRange(0, 999)), ByteRange.of("bytes=-5000", 1000));
        assertEquals(Optional.of(new ByteRange(990, 999)), ByteRange.of("bytes=990-5000", 1000));
        assertEquals("bytes 990-999/1000", new ByteRange(990, 999).contentRange(1000));
        assertEquals(10, new ByteRange(990, 999).length());
    }

    @Test
    void noOrUnusableHeadersMeanTheWholeFile() {
        assertEquals(Optional.empty(), ByteRange.of(null, 1000));
        assertEquals(Optional.empty(), ByteRange.of("bytes=0-1,5-6", 1000));
        assertEquals(Optional.empty(), ByteRange.of("items=0-1", 1000));
        assertEquals(Optional.empty(), ByteRange.of("bytes=-", 1000));
        assertEquals(Optional.empty(), ByteRange.of("bytes=9-3", 1000));
        assertEquals(Optional.empty(), ByteRange.of("bytes=99999999999999999999-", 1000));
    }

    @Test
    void aRangeBeyondTheEndIsUnsatisfiable() {
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.of("bytes=1000-", 1000));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.of("bytes=-0", 1000));
    }
}
