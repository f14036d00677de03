package dev.parley.gateway.recording;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Where call recordings are kept: a local (or shared, ReadWriteMany) directory now, an object store later. A recording
 * is written while its call runs and becomes visible to readers only once {@link Recording#finish finished}: until
 * then it is not where readers look. Stereo PCM16 at {@link #SAMPLE_RATE} Hz, left the caller, right the agent.
 */
public interface RecordingStore {
    int SAMPLE_RATE = 8_000;
    int CHANNELS = 2;

    /**
     * Starts the recording of one call; the tenant id is checked by {@link RecordingIds}, and the files are named by
     * the call id's stem ({@code RecordingFileNames.stem}), so any carrier's call id is recorded.
     */
    Recording open(String tenantId, String callId, Instant startedAt) throws IOException;

    /** Deletes the tenant's finished recordings (and abandoned partial ones) last written before {@code cutoff}. */
    int deleteOlderThan(String tenantId, Instant cutoff) throws IOException;

    /** Stereo frames {@code [from, to)} of one channel (0 caller, 1 agent) whose audio is replaced by a tone. */
    record Bleep(int channel, long from, long to) {
    }

    /** One call's recording being written. Used by one writer thread at a time. */
    interface Recording {
        /** Writes interleaved stereo samples (caller, agent) starting at stereo frame {@code frame} of the call. */
        void write(long frame, short[] stereo) throws IOException;

        /**
         * The call ended after {@code frames} stereo frames: the {@code bleeps} (PII heard on a track, known only
         * after its audio was written) are toned out, then the recording becomes visible, with its sidecar.
         */
        void finish(long frames, List<Bleep> bleeps) throws IOException;

        /** Drops what was written (the recording failed): nothing is left behind for readers. */
        void abandon();
    }
}
