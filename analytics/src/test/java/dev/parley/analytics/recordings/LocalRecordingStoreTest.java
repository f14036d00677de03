package dev.parley.analytics.recordings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalRecordingStoreTest {
    private static final Instant STARTED = Instant.parse("2026-12-06T20:00:00Z");

    @TempDir
    Path dir;

    private Path root() {
        return dir.resolve("recordings");
    }

    @Test
    void aFinishedRecordingIsFoundWithItsSidecarAndReadByRange() throws IOException {
        LocalRecordingStore store = new LocalRecordingStore(root());
        byte[] wav = RecordingFiles.write(root(), "acme", "CA-1", STARTED, 1500);

        Recording found = store.find("acme", "CA-1").orElseThrow();
        assertEquals(new Recording("acme", "CA-1", STARTED, 1500, List.of("caller", "agent"), 8000, wav.length),
                found);
        try (InputStream in = store.read("acme", "CA-1", 0, wav.length)) {
            assertArrayEquals(wav, in.readAllBytes());
        }
        try (InputStream in = store.read("acme", "CA-1", 1000, 100)) {
            assertArrayEquals(Arrays.copyOfRange(wav, 1000, 1100), in.readAllBytes());
        }
        assertTrue(store.find("globex", "CA-1").isEmpty(), "another tenant's directory");
    }

    @Test
    void aRecordingInProgressOrWithoutSidecarIsNotFound() throws IOException {
        LocalRecordingStore store = new LocalRecordingStore(root());
        assertTrue(store.find("acme", "CA-1").isEmpty(), "no root yet");
        RecordingFiles.writeInProgress(root(), "acme", "CA-1");
        assertTrue(store.find("acme", "CA-1").isEmpty(), ".wav.part is never served");
        assertThrows(NoSuchFileException.class, () -> store.read("acme", "CA-1", 0, 10));

        RecordingFiles.write(root(), "acme", "CA-2", STARTED, 100);
        Files.delete(root().resolve("acme/CA-2.json"));
        assertTrue(store.find("acme", "CA-2").isEmpty(), "no sidecar yet");
        Files.writeString(root().resolve("acme/CA-2.json"), "{\"startedAt\":\"half writ");
        assertTrue(store.find("acme", "CA-2").isEmpty(), "a sidecar being written");
    }

    @Test
    void idsOutsideTheContractNeverReachTheFileSystem() throws IOException {
        // A recording outside the root, where "acme/../../outside/secret" would lead.
        RecordingFiles.write(dir, "outside", "secret", STARTED, 100);
        LocalRecordingStore store = new LocalRecordingStore(root());
        for (String[] ids : List.of(new String[]{"..", "outside"}, new String[]{"acme", "../../outside/secret"},
                new String[]{"acme/../..", "secret"}, new String[]{"acme", "CA-1.wav"}, new String[]{"", "CA-1"},
                new String[]{"acme", null}, new String[]{"acme", "x".repeat(201)})) {
            assertThrows(IllegalArgumentException.class, () -> store.find(ids[0], ids[1]), Arrays.toString(ids));
            assertThrows(IllegalArgumentException.class, () -> store.read(ids[0], ids[1], 0, 10));
            assertThrows(IllegalArgumentException.class, () -> store.delete(ids[0], ids[1]));
        }
        assertTrue(Files.exists(dir.resolve("outside/secret.wav")));
        assertTrue(Files.exists(dir.resolve("outside/secret.json")));
    }

    @Test
    void deleteRemovesRecordingSidecarAndFilesInProgressAndMayBeRepeated() throws IOException {
        LocalRecordingStore store = new LocalRecordingStore(root());
        RecordingFiles.write(root(), "acme", "CA-1", STARTED, 100);
        RecordingFiles.writeInProgress(root(), "acme", "CA-1");
        Files.writeString(root().resolve("acme/CA-1.json.part"), "{}"); // a sidecar being written
        RecordingFiles.write(root(), "acme", "CA-2", STARTED, 100);

        store.delete("acme", "CA-1");
        store.delete("acme", "CA-1");
        store.delete("acme", "never-recorded");
        for (String file : List.of("CA-1.wav", "CA-1.json", "CA-1.wav.part", "CA-1.json.part")) {
            assertFalse(Files.exists(root().resolve("acme").resolve(file)), file);
        }
        assertTrue(store.find("acme", "CA-2").isPresent(), "another call stays");
    }
}
