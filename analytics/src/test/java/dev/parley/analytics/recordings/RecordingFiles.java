package dev.parley.analytics.recordings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Recordings laid out as the gateways write them (the shared contract): WAV + sidecar, or a .wav.part. */
final class RecordingFiles {
    private RecordingFiles() {
    }

    /** A finished recording of {@code ms} milliseconds of stereo PCM16 at 8 kHz; returns the WAV's bytes. */
    static byte[] write(Path root, String tenantId, String callId, Instant startedAt, int ms) {
        byte[] wav = wav(ms);
        try {
            Path dir = Files.createDirectories(root.resolve(tenantId));
            Files.write(dir.resolve(callId + ".wav"), wav);
            Files.writeString(dir.resolve(callId + ".json"), "{\"callId\":\"" + callId + "\",\"tenantId\":\""
                    + tenantId + "\",\"startedAt\":\"" + startedAt + "\",\"durationMs\":" + ms
                    + ",\"channels\":[\"caller\",\"agent\"],\"sampleRate\":8000}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return wav;
    }

    /** A recording still in progress: only {@code <callId>.wav.part}. */
    static void writeInProgress(Path root, String tenantId, String callId) {
        try {
            Files.write(Files.createDirectories(root.resolve(tenantId)).resolve(callId + ".wav.part"), wav(200));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RIFF PCM16, 2 channels, 8000 Hz; the samples count up so every byte range differs from every other. */
    static byte[] wav(int ms) {
        int frames = 8 * ms;
        int dataBytes = frames * 4;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes)
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 2)
                .putInt(8000).putInt(8000 * 4).putShort((short) 4).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
        for (int i = 0; i < frames; i++) {
            b.putShort((short) i).putShort((short) -i);
        }
        return b.array();
    }
}
