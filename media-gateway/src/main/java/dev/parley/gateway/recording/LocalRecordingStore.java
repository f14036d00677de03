package dev.parley.gateway.recording;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.contracts.recordings.RecordingFileNames;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Recordings in a directory: {@code <root>/<tenantId>/<stem>.wav} and its sidecar {@code <stem>.json}, the stem
 * being the call id's ({@link RecordingFileNames#stem}: the id itself unless it holds characters no file name should).
 * The WAV is written as {@code <stem>.wav.part} and renamed once the call ended, then the sidecar is written (itself through a
 * temporary name), so a reader never sees half a file. On Kubernetes the root is a ReadWriteMany volume shared with
 * analytics, which serves the files.
 */
public final class LocalRecordingStore implements RecordingStore {
    static final String WAV = ".wav";
    static final String PART = ".part";
    static final String SIDECAR = ".json";
    /** One second of stereo audio read, toned and written back at a time. */
    private static final int BLEEP_PIECE_FRAMES = SAMPLE_RATE;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    public LocalRecordingStore(Path root) {
        this.root = root;
    }

    @Override
    public Recording open(String tenantId, String callId, Instant startedAt) throws IOException {
        Path folder = root.resolve(RecordingIds.check("tenant id", tenantId));
        Files.createDirectories(folder);
        // Named by the call id's stem: carriers' ids (Telnyx's "v3:…") are no file names as they are.
        return new FileRecording(folder, callId, RecordingFileNames.stem(callId), tenantId, startedAt);
    }

    @Override
    public int deleteOlderThan(String tenantId, Instant cutoff) throws IOException {
        Path folder = root.resolve(RecordingIds.check("tenant id", tenantId));
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        List<Path> old;
        try (Stream<Path> files = Files.list(folder)) {
            old = files.filter(f -> f.getFileName().toString().endsWith(WAV)
                    || f.getFileName().toString().endsWith(WAV + PART)).filter(f -> olderThan(f, cutoff)).toList();
        }
        int deleted = 0;
        for (Path wav : old) {
            String name = wav.getFileName().toString();
            String stem = name.substring(0, name.indexOf(WAV));
            // The audio first: a sidecar left alone by a crash names a recording that is gone, never the reverse.
            Files.deleteIfExists(wav);
            Files.deleteIfExists(folder.resolve(stem + SIDECAR));
            deleted++;
        }
        return deleted;
    }

    private static boolean olderThan(Path file, Instant cutoff) {
        try {
            return Files.getLastModifiedTime(file).toInstant().isBefore(cutoff);
        } catch (IOException gone) {
            return false;
        }
    }

    private static final class FileRecording implements Recording {
        private final Path folder;
        private final String callId;
        /** The file name stem of {@link #callId}. */
        private final String file;
        private final String tenantId;
        private final Instant startedAt;
        private final Path part;
        private final FileChannel channel;

        FileRecording(Path folder, String callId, String file, String tenantId, Instant startedAt)
                throws IOException {
            this.folder = folder;
            this.callId = callId;
            this.file = file;
            this.tenantId = tenantId;
            this.startedAt = startedAt;
            this.part = folder.resolve(file + WAV + PART);
            // Read too: PII learned of after its audio was written is toned out in place at the end.
            this.channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            writeFully(WavHeader.of(CHANNELS, SAMPLE_RATE, 0), 0);
        }

        @Override
        public void write(long frame, short[] stereo) throws IOException {
            ByteBuffer bytes = ByteBuffer.allocate(stereo.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asShortBuffer().put(stereo);
            writeFully(bytes, WavHeader.BYTES + frame * CHANNELS * 2);
        }

        @Override
        public void finish(long frames, List<Bleep> bleeps) throws IOException {
            long end = WavHeader.BYTES + frames * CHANNELS * 2;
            // Blocks dropped on the way (a slow disk) left holes, read as silence; the file ends where the call did.
            if (channel.size() > end) {
                channel.truncate(end);
            } else if (channel.size() < end) {
                writeFully(ByteBuffer.allocate(CHANNELS * 2), end - CHANNELS * 2);
            }
            for (Bleep bleep : bleeps) {
                overwrite(bleep, frames);
            }
            writeFully(WavHeader.of(CHANNELS, SAMPLE_RATE, frames), 0);
            channel.force(false);
            channel.close();
            Files.move(part, folder.resolve(file + WAV), StandardCopyOption.ATOMIC_MOVE);
            Map<String, Object> sidecar = new LinkedHashMap<>();
            sidecar.put("callId", callId);
            sidecar.put("tenantId", tenantId);
            sidecar.put("startedAt", startedAt.toString());
            sidecar.put("durationMs", frames * 1000 / SAMPLE_RATE);
            sidecar.put("channels", List.of("caller", "agent"));
            sidecar.put("sampleRate", SAMPLE_RATE);
            // How many, never what: the sidecar is read by people who must not learn the PII from it.
            sidecar.put("redactedIntervals", bleeps.size());
            Path tmp = folder.resolve(file + SIDECAR + PART);
            Files.write(tmp, JSON.writeValueAsBytes(sidecar));
            Files.move(tmp, folder.resolve(file + SIDECAR), StandardCopyOption.ATOMIC_MOVE);
        }

        @Override
        public void abandon() {
            try {
                channel.close();
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // Nothing readers could see: a .part left behind is swept by retention.
            }
        }

        /** Replaces one channel's samples in place, a bounded piece at a time; the other channel is left as it is. */
        private void overwrite(Bleep bleep, long frames) throws IOException {
            long from = Math.max(0, bleep.from());
            long to = Math.min(frames, bleep.to());
            ByteBuffer piece = ByteBuffer.allocate(BLEEP_PIECE_FRAMES * CHANNELS * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (long at = from; at < to; at += BLEEP_PIECE_FRAMES) {
                int n = (int) Math.min(BLEEP_PIECE_FRAMES, to - at);
                long position = WavHeader.BYTES + at * CHANNELS * 2;
                piece.clear().limit(n * CHANNELS * 2);
                readFully(piece, position);
                for (int i = 0; i < n; i++) {
                    piece.putShort((i * CHANNELS + bleep.channel()) * 2, BleepTone.at(at + i));
                }
                piece.rewind().limit(n * CHANNELS * 2);
                writeFully(piece, position);
            }
        }

        /** The file was sized to the call's length before: a hole left by a dropped block reads as zeros. */
        private void readFully(ByteBuffer bytes, long position) throws IOException {
            while (bytes.hasRemaining()) {
                if (channel.read(bytes, position + bytes.position()) < 0) {
                    throw new IOException("recording shorter than its length: " + part);
                }
            }
        }

        private void writeFully(ByteBuffer bytes, long position) throws IOException {
            long at = position;
            while (bytes.hasRemaining()) {
                at += channel.write(bytes, at);
            }
        }
    }
}
