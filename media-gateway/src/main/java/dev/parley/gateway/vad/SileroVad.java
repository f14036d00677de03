package dev.parley.gateway.vad;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Silero VAD v5 through onnxruntime. One model session serves every call (run() is thread-safe);
 * each call keeps its own recurrent state and audio context in a {@link VadStream}.
 */
@Singleton
@Startup
public class SileroVad implements AutoCloseable {
    public static final int SAMPLE_RATE = 16_000;
    /** 32 ms of new audio per inference. */
    public static final int FRAME = 512;
    /** Samples carried over from the previous frame; without them probabilities are noticeably noisier. */
    public static final int CONTEXT = 64;
    static final int STATE_SIZE = 2 * 128;

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final OnnxTensor sampleRate;

    public SileroVad(@ConfigProperty(name = "parley.models.dir") Path modelsDir) throws Exception {
        Path model = modelsDir.resolve("silero_vad_v5.onnx");
        if (!Files.isRegularFile(model)) {
            throw new IllegalStateException("Silero VAD model missing at " + model.toAbsolutePath()
                    + " (build the 'models' module: mvn -pl models package)");
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // Per-frame inference is tiny; more threads would only add scheduling overhead across calls.
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(model.toString(), options);
        }
        sampleRate = OnnxTensor.createTensor(env, (long) SAMPLE_RATE);
    }

    public VadStream newStream() {
        return new VadStream(this);
    }

    /** Runs one frame: {@code input} is CONTEXT + FRAME samples in [-1,1); {@code state} is updated in place. */
    float infer(float[] input, float[] state) {
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[]{1, input.length});
             OnnxTensor st = OnnxTensor.createTensor(env, FloatBuffer.wrap(state), new long[]{2, 1, 128});
             OrtSession.Result result = session.run(Map.of("input", in, "state", st, "sr", sampleRate))) {
            float probability = ((float[][]) result.get("output").orElseThrow().getValue())[0][0];
            FloatBuffer next = ((OnnxTensor) result.get("stateN").orElseThrow()).getFloatBuffer();
            next.get(state, 0, STATE_SIZE);
            return probability;
        } catch (OrtException e) {
            throw new IllegalStateException("VAD inference failed", e);
        }
    }

    @PreDestroy
    @Override
    public void close() throws OrtException {
        sampleRate.close();
        session.close();
    }
}
