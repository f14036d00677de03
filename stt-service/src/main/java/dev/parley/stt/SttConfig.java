package dev.parley.stt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** stt-service settings ({@code parley.stt.*} in application.properties, or PARLEY_STT_* env vars). */
@ConfigMapping(prefix = "parley.stt")
public interface SttConfig {

    /** Engines in fallback order. Known: {@code vosk}. */
    @WithDefault("vosk")
    List<String> engines();

    Vosk vosk();

    /** Audio of the current utterance kept per stream to replay into the next engine when one fails. */
    @WithDefault("30000")
    long fallbackReplayMs();

    /** Threads running the engines for all streams; 0 means one per CPU core. */
    @WithDefault("0")
    int workerThreads();

    /** Streams served at once; more are refused with RESOURCE_EXHAUSTED. */
    @WithDefault("200")
    int maxStreams();

    /** Requests read ahead per stream (gRPC flow control: the client is held back beyond this). */
    @WithDefault("8")
    int requestWindow();

    Denoise denoise();

    /** Noise suppression before recognition (README "Noise suppression": the default comes from its table). */
    interface Denoise {
        @WithDefault("false")
        boolean enabled();

        /** Most attenuation of the noise, in dB (negative). */
        @WithDefault("-25")
        int suppressDb();

        /** Per-tenant override of {@link #enabled()}, by tenant id: {@code parley.stt.denoise.tenants.acme=true}. */
        Map<String, Boolean> tenants();
    }

    interface Vosk {
        Path modelDir();

        /** Language of the model (BCP-47). */
        @WithDefault("en-US")
        String language();

        /**
         * Decoder search settings overriding the model's conf/model.conf; unset = the model's own (README "Decoder
         * search": the default comes from its table).
         */
        OptionalInt maxActive();

        OptionalDouble beam();

        OptionalDouble latticeBeam();
    }
}
