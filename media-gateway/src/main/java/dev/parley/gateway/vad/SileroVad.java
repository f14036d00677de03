package dev.parley.gateway.vad;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

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
    /** Quieter than any speech a phone carries, louder than a line's hiss (~-70 dBFS): see {@link VadStream}. */
    static final double DEFAULT_QUIET_FLOOR_DBFS = -60;

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final OnnxTensor sampleRate;
    private final double quietFloorDbfs;
    /**
     * Input tensors over direct buffers, one set per thread that runs the model (the event loops): a frame is
     * copied in and run without allocating a tensor per frame, which was a tenth of the gateway's VAD time.
     */
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(this::newScratch);
    private final Queue<Scratch> allScratch = new ConcurrentLinkedQueue<>();

    public SileroVad(Path modelsDir) throws Exception {
        this(modelsDir, DEFAULT_QUIET_FLOOR_DBFS);
    }

    @Inject
    public SileroVad(@ConfigProperty(name = "parley.models.dir") Path modelsDir,
                     @ConfigProperty(name = "parley.vad.quiet-floor-dbfs",
                             defaultValue = "" + DEFAULT_QUIET_FLOOR_DBFS) double quietFloorDbfs) throws Exception {
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
        this.quietFloorDbfs = quietFloorDbfs;
    }

    public VadStream newStream() {
        return new VadStream(this);
    }

    /** A frame whose RMS level is below this is not worth a model run once the stream is settled in silence. */
    double quietFloorDbfs() {
        return quietFloorDbfs;
    }

    /** Runs one frame: {@code input} is CONTEXT + FRAME samples in [-1,1); {@code state} is updated in place. */
    float infer(float[] input, float[] state) {
        Scratch s = scratch.get();
        s.input.clear();
        s.input.put(input);
        s.state.clear();
        s.state.put(state);
        try (OrtSession.Result result = session.run(s.feeds)) {
            float probability = ((OnnxTensor) result.get("output").orElseThrow()).getFloatBuffer().get(0);
            ((OnnxTensor) result.get("stateN").orElseThrow()).getFloatBuffer().get(state, 0, STATE_SIZE);
            return probability;
        } catch (OrtException e) {
            throw new IllegalStateException("VAD inference failed", e);
        }
    }

    private Scratch newScratch() {
        try {
            Scratch s = new Scratch(env, sampleRate);
            allScratch.add(s);
            return s;
        } catch (OrtException e) {
            throw new IllegalStateException("VAD input tensors could not be created", e);
        }
    }

    @PreDestroy
    @Override
    public void close() throws OrtException {
        for (Scratch s : allScratch) {
            s.close();
        }
        sampleRate.close();
        session.close();
    }

    /** Direct buffers the tensors read from: onnxruntime uses a direct buffer's memory as it is, without a copy. */
    private static final class Scratch implements AutoCloseable {
        final FloatBuffer input = direct(CONTEXT + FRAME);
        final FloatBuffer state = direct(STATE_SIZE);
        final OnnxTensor inputTensor;
        final OnnxTensor stateTensor;
        final Map<String, OnnxTensor> feeds;

        Scratch(OrtEnvironment env, OnnxTensor sampleRate) throws OrtException {
            inputTensor = OnnxTensor.createTensor(env, input, new long[]{1, CONTEXT + FRAME});
            stateTensor = OnnxTensor.createTensor(env, state, new long[]{2, 1, 128});
            feeds = Map.of("input", inputTensor, "state", stateTensor, "sr", sampleRate);
        }

        private static FloatBuffer direct(int floats) {
            return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }

        @Override
        public void close() {
            inputTensor.close();
            stateTensor.close();
        }
    }
}
