package dev.parley.dialogue.embedding;

import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;

/**
 * bge-small-en-v1.5 (quantized, 384 dimensions) running in-process on onnxruntime. The model and tokenizer ship inside
 * the langchain4j jar, so nothing is fetched at run time. One instance per JVM: the ONNX session is thread-safe.
 */
public final class BgeSmallEmbedder implements Embedder {

    private final BgeSmallEnV15QuantizedEmbeddingModel model;

    public BgeSmallEmbedder() {
        // Runs single sentences on the calling thread; the executor is only used for batches.
        this.model = new BgeSmallEnV15QuantizedEmbeddingModel(Runnable::run);
    }

    @Override
    public String name() {
        return "bge-small-en-v1.5-q";
    }

    @Override
    public float[] embed(String text) {
        return Vectors.normalized(model.embed(text).content().vector());
    }
}
