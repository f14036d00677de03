package dev.parley.gateway.recording;

import dev.parley.gateway.tenant.TenantDirectory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordingRetentionTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path tenantsDir;
    @TempDir
    Path recordings;

    private void tenant(String id, String recordingBlock) throws IOException {
        Files.createDirectories(tenantsDir.resolve(id));
        Files.writeString(tenantsDir.resolve(id).resolve("tenant.yaml"), "id: " + id + "\n" + recordingBlock);
    }

    /** A finished recording (WAV and sidecar) last written {@code daysAgo} days before now. */
    private Path recording(String tenant, String callId, double daysAgo) throws IOException {
        Path folder = Files.createDirectories(recordings.resolve(tenant));
        FileTime written = FileTime.from(NOW.minus(Duration.ofMinutes((long) (daysAgo * 24 * 60))));
        Path wav = Files.write(folder.resolve(callId + ".wav"), new byte[44]);
        Path json = Files.writeString(folder.resolve(callId + ".json"), "{}");
        Files.setLastModifiedTime(wav, written);
        Files.setLastModifiedTime(json, written);
        return wav;
    }

    @Test
    void deletesWhatIsOlderThanItsTenantsRetentionAndNothingElse() throws Exception {
        tenant("dental", "recording: {enabled: true, consent: \"This call is recorded.\", retentionDays: 30}\n");
        tenant("shop", "recording: {enabled: false, retentionDays: 7}\n");
        tenant("plain", "");
        Path dentalOld = recording("dental", "CA1", 31);
        Path dentalNew = recording("dental", "CA2", 29);
        Path shopOld = recording("shop", "CA3", 8);
        Path shopNew = recording("shop", "CA4", 6);
        Path plainOld = recording("plain", "CA5", 400);
        Path abandoned = Files.write(recordings.resolve("dental/CA6.wav.part"), new byte[44]);
        Files.setLastModifiedTime(abandoned, FileTime.from(NOW.minus(Duration.ofDays(45))));

        RecordingMetrics metrics = new RecordingMetrics(new SimpleMeterRegistry());
        RecordingRetention retention = new RecordingRetention(new LocalRecordingStore(recordings),
                new TenantDirectory(tenantsDir, Duration.ZERO), metrics, Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ZERO);

        assertEquals(3, retention.sweep());
        assertFalse(Files.exists(dentalOld));
        assertFalse(Files.exists(recordings.resolve("dental/CA1.json")), "the sidecar goes with its recording");
        assertFalse(Files.exists(abandoned), "a call that never finished is swept too");
        assertTrue(Files.exists(dentalNew));
        assertTrue(Files.exists(recordings.resolve("dental/CA2.json")));
        assertFalse(Files.exists(shopOld), "recording turned off: what was recorded still expires");
        assertTrue(Files.exists(shopNew));
        assertTrue(Files.exists(plainOld), "a tenant without a recording block is left alone");
        assertEquals(3.0, metrics.deletedCount());
        assertEquals(0, retention.sweep(), "nothing more to delete");
    }
}
