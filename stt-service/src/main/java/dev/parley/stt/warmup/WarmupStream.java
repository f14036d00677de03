package dev.parley.stt.warmup;

import com.google.protobuf.ByteString;
import dev.parley.audio.Pcm16;
import dev.parley.contracts.stt.v1.Flush;
import dev.parley.contracts.stt.v1.RecognizeRequest;
import dev.parley.contracts.stt.v1.RecognizeResponse;
import dev.parley.contracts.stt.v1.StreamConfig;
import dev.parley.events.EventPublisher;
import dev.parley.stt.metrics.SttMetrics;
import dev.parley.stt.recognizer.SpeechRecognizer;
import dev.parley.stt.session.RecognitionSession;
import dev.parley.stt.session.ResponseSink;
import dev.parley.stt.session.SerialExecutor;
import dev.parley.stt.tracing.SttTracing;
import io.grpc.Status;
import io.opentelemetry.api.OpenTelemetry;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One warm-up stream, driven the way {@code SpeechToTextService} drives a call's stream: the same protobuf requests
 * through a {@link RecognitionSession} on a {@link SerialExecutor} over the shared worker pool, with the same
 * read-ahead window. Only what leaves the service differs: answers are collected here, no usage event is published
 * and no span is exported, so a warm-up is never billed or traced as a call.
 */
final class WarmupStream {
    static final String TENANT = "warmup";
    /** Chunk size of the gateway's frames (32 ms at 16 kHz). */
    private static final int CHUNK_MS = 32;
    private static final EventPublisher NO_EVENTS = event -> { };
    private static final SttTracing NO_TRACES = new SttTracing(OpenTelemetry.noop());

    private final SpeechRecognizer recognizer;
    private final Executor pool;
    private final SttMetrics metrics;
    private final int window;
    private final int maxStreams;

    WarmupStream(SpeechRecognizer recognizer, Executor pool, SttMetrics metrics, int window, int maxStreams) {
        this.recognizer = recognizer;
        this.pool = pool;
        this.metrics = metrics;
        this.window = window;
        this.maxStreams = maxStreams;
    }

    /** Streams {@code pcm} at {@code rate}, flushes, half-closes; returns the text of every final, joined. */
    String recognize(String callId, short[] pcm, int rate, Duration timeout)
            throws InterruptedException, TimeoutException {
        if (!metrics.tryOpenStream(maxStreams)) {
            throw new IllegalStateException("no free stream slot");
        }
        Collector sink = new Collector(window);
        SerialExecutor serial = new SerialExecutor(pool, window * 2);
        RecognitionSession session = new RecognitionSession(recognizer, NO_EVENTS, metrics, sink, NO_TRACES);
        long deadline = System.nanoTime() + timeout.toNanos();
        send(serial, session, sink, RecognizeRequest.newBuilder().setConfig(StreamConfig.newBuilder()
                .setTenantId(TENANT).setCallId(callId).setSampleRateHz(rate).setLanguage("en-US")).build(), deadline);
        int chunk = rate * CHUNK_MS / 1000;
        for (int off = 0; off < pcm.length; off += chunk) {
            ByteString audio = ByteString.copyFrom(Pcm16.toBytes(pcm, off, Math.min(chunk, pcm.length - off)));
            send(serial, session, sink, RecognizeRequest.newBuilder().setAudio(audio).build(), deadline);
        }
        send(serial, session, sink, RecognizeRequest.newBuilder().setFlush(Flush.newBuilder().setSeq(1)).build(),
                deadline);
        serial.executeControl(session::complete);
        try {
            return sink.done.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            serial.executeControl(session::cancel);
            throw e;
        }
    }

    /** Sends one request once the window has room, as gRPC flow control would. */
    private static void send(SerialExecutor serial, RecognitionSession session, Collector sink,
                             RecognizeRequest request, long deadline) throws InterruptedException, TimeoutException {
        if (!sink.window.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            serial.executeControl(session::cancel);
            throw new TimeoutException("the warm-up stream fell behind its deadline");
        }
        serial.execute(() -> {
            session.handle(request);
            sink.window.release();
        });
    }

    /** Gathers the finals; completes when the session ends the stream. */
    private static final class Collector implements ResponseSink {
        final Semaphore window;
        final CompletableFuture<String> done = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();

        Collector(int window) {
            this.window = new Semaphore(window);
        }

        @Override
        public void send(RecognizeResponse response) {
            if (response.hasFinal() && !response.getFinal().getText().isEmpty()) {
                text.append(text.length() == 0 ? "" : " ").append(response.getFinal().getText());
            }
        }

        @Override
        public void complete() {
            done.complete(text.toString());
        }

        @Override
        public void fail(Status status) {
            done.completeExceptionally(new IllegalStateException("stream ended with " + status.getCode() + ": "
                    + status.getDescription()));
        }
    }
}
