package dev.parley.stt.support;

import java.nio.file.Path;

/** The model directory surefire passes as {@code parley.models.dir} (filled by the models module). */
public final class Models {
    private Models() {
    }

    public static Path voskModelDir() {
        String dir = System.getProperty("parley.models.dir");
        if (dir == null) {
            throw new IllegalStateException("system property parley.models.dir is not set (surefire sets it)");
        }
        return Path.of(dir, "vosk-model-en-us");
    }
}
