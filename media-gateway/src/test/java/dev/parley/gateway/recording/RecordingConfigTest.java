package dev.parley.gateway.recording;

import dev.parley.gateway.tenant.Tenant;
import dev.parley.gateway.tenant.TenantDirectory;
import dev.parley.gateway.tenant.TenantRecording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** tenant.yaml {@code recording:} as the gateway reads it. */
class RecordingConfigTest {
    @TempDir
    Path root;

    private Optional<Tenant> read(String yaml) throws IOException {
        Files.createDirectories(root.resolve("t1"));
        Files.writeString(root.resolve("t1/tenant.yaml"), "id: t1\n" + yaml);
        return new TenantDirectory(root, Duration.ZERO).byId("t1");
    }

    @Test
    void aRecordingBlockIsRead() throws Exception {
        assertEquals(Optional.of(new TenantRecording(true, "This call is recorded.", 30)),
                read("recording: {enabled: true, consent: \"This call is recorded.\", retentionDays: 30}\n")
                        .orElseThrow().recording());
        assertEquals(Optional.of(new TenantRecording(false, "", 14)),
                read("recording: {enabled: false, retentionDays: 14}\n").orElseThrow().recording());
    }

    @Test
    void noBlockNoRecording() throws Exception {
        assertTrue(read("displayName: T\n").orElseThrow().recording().isEmpty());
    }

    @Test
    void recordingWithoutAConsentOrWithoutARetentionIsRefused() throws Exception {
        assertTrue(read("recording: {enabled: true, retentionDays: 30}\n").isEmpty(), "no consent text");
        assertTrue(read("recording: {enabled: true, consent: \" \", retentionDays: 30}\n").isEmpty(), "blank");
        assertTrue(read("recording: {enabled: true, consent: \"Recorded.\", retentionDays: 0}\n").isEmpty());
    }
}
