package dev.parley.analytics.recordings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logging.Logger;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recordings in a directory, {@code <root>/<tenantId>/<callId>.wav} + {@code .json} (see {@link RecordingStore}).
 * Nothing is created here: the gateways write the files, analytics reads and deletes them.
 */
public final class LocalRecordingStore implements RecordingStore {
    private static final Logger LOG = Logger.getLogger(LocalRecordingStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String WAV = ".wav";
    static final String SIDECAR = ".json";
    static final String IN_PROGRESS = ".wav.part";
    /** The gateways write the sidecar under this name first, then rename it. */
    static final String SIDECAR_IN_PROGRESS = ".json.part";

    private final Path root;

    public LocalRecordingStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public Optional<Recording> find(String tenantId, String callId) {
        Path wav = file(tenantId, callId, WAV);
        Path sidecar = file(tenantId, callId, SIDECAR);
        if (!Files.isRegularFile(wav) || !Files.isRegularFile(sidecar)) {
            return Optional.empty();
        }
        try {
            JsonNode meta = JSON.readTree(sidecar.toFile());
            List<String> channels = new ArrayList<>();
            meta.path("channels").forEach(channel -> channels.add(channel.asText()));
            return Optional.of(new Recording(tenantId, callId, startedAt(meta), meta.path("durationMs").asLong(),
                    List.copyOf(channels), meta.path("sampleRate").asInt(), Files.size(wav)));
        } catch (NoSuchFileException e) {
            return Optional.empty(); // deleted meanwhile
        } catch (IOException | DateTimeParseException e) {
            // A sidecar being written or damaged: not served until it reads (call ids are not personal data).
            LOG.warnf("recording %s/%s: unreadable sidecar (%s)", tenantId, callId, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    @Override
    public InputStream read(String tenantId, String callId, long offset, long length) throws IOException {
        FileChannel channel = FileChannel.open(file(tenantId, callId, WAV), StandardOpenOption.READ);
        try {
            channel.position(offset);
            return new Limited(Channels.newInputStream(channel), length);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void delete(String tenantId, String callId) {
        for (String suffix : List.of(WAV, SIDECAR, IN_PROGRESS, SIDECAR_IN_PROGRESS)) {
            Path path = file(tenantId, callId, suffix);
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + path, e);
            }
        }
    }

    private static Instant startedAt(JsonNode sidecar) {
        return Instant.parse(sidecar.path("startedAt").asText());
    }

    /** The file for checked ids; the ids' alphabet has no separator or dot, so it is always inside the root. */
    private Path file(String tenantId, String callId, String suffix) {
        CallFileIds.require(tenantId, callId);
        return root.resolve(tenantId).resolve(callId + suffix);
    }

    /** At most {@code remaining} bytes of a stream. */
    private static final class Limited extends FilterInputStream {
        private long remaining;

        Limited(InputStream in, long remaining) {
            super(in);
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), remaining);
        }
    }
}
