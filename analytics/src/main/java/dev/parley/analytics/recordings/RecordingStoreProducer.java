package dev.parley.analytics.recordings;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.nio.file.Path;

/** The recordings store this service uses: the directory of {@code parley.recordings.dir}. */
@Singleton
public class RecordingStoreProducer {

    @Produces
    @Singleton
    RecordingStore recordingStore(RecordingsConfig config) {
        return new LocalRecordingStore(Path.of(config.dir()));
    }
}
