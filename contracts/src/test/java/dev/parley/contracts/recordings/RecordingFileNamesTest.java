package dev.parley.contracts.recordings;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordingFileNamesTest {
    @Test
    void safeIdsNameTheirOwnFiles() {
        assertEquals("CA87fc22570033f4ce54780114c360949a", RecordingFileNames.stem("CA87fc22570033f4ce54780114c360949a"));
        assertEquals("SIP0123abcd", RecordingFileNames.stem("SIP0123abcd"));
    }

    @Test
    void carrierIdsWithOtherCharactersAreEncodedIntoTheSafeAlphabet() {
        String telnyx = "v3:T02llQxIyaRkhfRKxgAP8nY511EhFLizdvdUKJiSw8d6A9BborherQ";
        String stem = RecordingFileNames.stem(telnyx);
        assertTrue(stem.startsWith("x-") && RecordingFileNames.safe(stem), stem);
        assertEquals(stem, RecordingFileNames.stem(telnyx), "the same id, the same file");
        for (String hostile : List.of("../../etc/passwd", "a/b", "..", "é", "a b", "%2F")) {
            assertTrue(RecordingFileNames.safe(RecordingFileNames.stem(hostile)), hostile);
        }
    }

    @Test
    void noTwoIdsShareAFile() {
        // A safe id that looks like an encoded one is encoded too, so it cannot meet the id it looks like.
        String looksEncoded = RecordingFileNames.stem("v3:x");
        List<String> ids = List.of("v3:x", looksEncoded, "h-" + "0".repeat(64), "x", "X", "x_", "a".repeat(200),
                "a".repeat(201), "b:".repeat(150), "b:".repeat(151));
        Set<String> stems = new HashSet<>();
        for (String id : ids) {
            String stem = RecordingFileNames.stem(id);
            assertTrue(RecordingFileNames.safe(stem), id + " -> " + stem);
            assertTrue(stems.add(stem), id + " shares " + stem);
        }
    }

    @Test
    void aMissingIdIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RecordingFileNames.stem(""));
        assertThrows(IllegalArgumentException.class, () -> RecordingFileNames.stem(null));
    }
}
