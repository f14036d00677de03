package dev.parley.analytics.recordings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Where the gateways' call recordings are kept: {@code <tenantId>/<callId>.wav} (PCM16 stereo, 8 kHz; left the
 * caller, right the agent as heard) with a JSON sidecar {@code <tenantId>/<callId>.json}, and
 * {@code <callId>.wav.part} while the call is still being recorded, which is never served.
 * <p>
 * {@link LocalRecordingStore} keeps them in a directory (on Kubernetes a ReadWriteMany volume the gateways and
 * analytics mount at the same path). An object store (S3, GCS, …) can implement the same interface with the same
 * keys: a GET of the sidecar and a HEAD of the WAV for {@link #find}, a ranged GET for {@link #read}, DELETEs for
 * {@link #delete}. Retention is not here: the gateways, which know each tenant's, delete expired recordings.
 * <p>
 * Every method refuses ids outside {@link CallFileIds#valid} with {@link IllegalArgumentException} before it
 * builds a path or key from them.
 */
public interface RecordingStore {

    /** The call's finished recording (the WAV and its sidecar both there), if any. */
    Optional<Recording> find(String tenantId, String callId);

    /**
     * {@code length} bytes of the recording's WAV file from byte {@code offset}: browsers seek with HTTP ranges.
     * @throws java.nio.file.NoSuchFileException (an {@link IOException}) when the recording is gone meanwhile
     */
    InputStream read(String tenantId, String callId, long offset, long length) throws IOException;

    /**
     * Deletes the call's recording, its sidecar and a recording or sidecar in progress; nothing there is not an error, so
     * an erasure applied twice (a redelivered request) changes nothing.
     * @throws UncheckedIOException when a file exists but cannot be deleted
     */
    void delete(String tenantId, String callId);
}
