package dev.parley.stt.session;

import dev.parley.audio.Pcm16;
import dev.parley.contracts.events.SpeechRecognized;
import dev.parley.contracts.stt.v1.Flush;
import dev.parley.contracts.stt.v1.RecognizeRequest;
import dev.parley.contracts.stt.v1.RecognizeResponse;
import dev.parley.contracts.stt.v1.StreamConfig;
import dev.parley.contracts.stt.v1.Transcript;
import dev.parley.contracts.stt.v1.Word;
import dev.parley.events.EventPublisher;
import dev.parley.stt.metrics.SttMetrics;
import dev.parley.stt.recognizer.Recognition;
import dev.parley.stt.recognizer.RecognitionStream;
import dev.parley.stt.recognizer.RecognizedWord;
import dev.parley.stt.recognizer.RecognizerUnavailableException;
import dev.parley.stt.recognizer.SpeechRecognizer;
import dev.parley.stt.recognizer.StreamSpec;
import dev.parley.stt.tracing.SttTracing;
import io.grpc.Status;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import org.jboss.logging.Logger;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The Recognize protocol for one stream: config first, then audio and flushes. Partials are sent when their text
 * changes, finals when the engine ends an utterance (flush_seq 0) and for every flush (with its seq, even empty).
 * Not thread-safe: all methods run on the stream's {@link SerialExecutor}. The engine stream is closed and usage
 * published exactly once, whichever way the stream ends.
 */
public final class RecognitionSession {
    private static final Logger LOG = Logger.getLogger(RecognitionSession.class);
    /** Engine CPU time, unlike wall time, does not grow when the host is busy: it is the capacity figure. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final SpeechRecognizer recognizer;
    private final EventPublisher events;
    private final SttMetrics metrics;
    private final ResponseSink sink;
    private final SttTracing tracing;
    /** The config as sent, for log lines of a stream refused before it started. */
    private StreamConfig requested;
    private StreamSpec spec;
    private RecognitionStream stream;
    private boolean ended;
    private long samples;
    private long utteranceStartSamples;
    private String lastPartial = "";
    private int finals;
    private long engineNanos;
    private int skipped;

    public RecognitionSession(SpeechRecognizer recognizer, EventPublisher events, SttMetrics metrics,
                              ResponseSink sink, SttTracing tracing) {
        this.tracing = tracing;
        this.recognizer = recognizer;
        this.events = events;
        this.metrics = metrics;
        this.sink = sink;
    }

    public void handle(RecognizeRequest request) {
        if (ended) {
            return;
        }
        try {
            if (request.getMsgCase() == RecognizeRequest.MsgCase.CONFIG) {
                configure(request);
            } else if (stream == null) {
                fail(Status.INVALID_ARGUMENT.withDescription("the first request must be config, got "
                        + request.getMsgCase()));
            } else if (request.getMsgCase() == RecognizeRequest.MsgCase.AUDIO) {
                audio(request.getAudio().toByteArray());
            } else if (request.getMsgCase() == RecognizeRequest.MsgCase.FLUSH) {
                flush(request.getFlush());
            } else if (request.getMsgCase() == RecognizeRequest.MsgCase.EXPECTATION) {
                stream.expectNumber(request.getExpectation().getDigitCountsCount() > 0);
            } else {
                skip("empty", "a request with no config, audio, flush or expectation");
            }
        } catch (RecognizerUnavailableException e) {
            fail(Status.UNAVAILABLE.withDescription(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "stt stream failed: tenant=%s call=%s", tenant(), callId());
            fail(Status.INTERNAL.withDescription("speech recognition failed: " + e));
        }
    }

    /** The client half-closed: finalize what is left, answer it, end the call. */
    public void complete() {
        if (ended) {
            return;
        }
        try {
            if (stream != null && samples > utteranceStartSamples) {
                Recognition tail = timed(stream::finish);
                if (!tail.text().isEmpty()) {
                    sendFinal(tail, 0);
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("stt final of a completed stream failed: tenant=%s call=%s: %s", tenant(), callId(), e);
        }
        // Released and accounted before the client learns the stream ended.
        end("completed");
        sink.complete();
    }

    /** The client ignored flow control and the stream fell too far behind: refuse it rather than buffer. */
    public void overloaded(String detail) {
        if (!ended) {
            fail(Status.RESOURCE_EXHAUSTED.withDescription("stream is too far behind: " + detail));
        }
    }

    /** This instance is shutting down: the stream ends here, between two turns, for the client to go on elsewhere. */
    public void moveOn(Status status) {
        if (!ended) {
            end("moved");
            sink.fail(status);
        }
    }

    /** The client cancelled or the connection dropped: nobody listens any more, just release. */
    public void cancel() {
        end("cancelled");
    }

    private void configure(RecognizeRequest request) {
        if (stream != null) {
            fail(Status.INVALID_ARGUMENT.withDescription("config was already sent for this stream"));
            return;
        }
        requested = request.getConfig();
        try {
            StreamSpec valid = StreamConfigValidator.validate(requested);
            stream = recognizer.open(valid);
            spec = valid;
        } catch (IllegalArgumentException e) {
            fail(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
            return;
        }
        LOG.debugf("stt stream opened: tenant=%s call=%s rate=%d engine=%s", tenant(), callId(),
                spec.sampleRateHz(), stream.engine());
    }

    private void audio(byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        if ((bytes.length & 1) != 0) {
            skip("odd-length-audio", "an audio chunk of " + bytes.length + " bytes (PCM16 needs an even count)");
            return;
        }
        short[] pcm = Pcm16.fromBytes(bytes);
        samples += pcm.length;
        Recognition result = timed(() -> stream.accept(pcm));
        metrics.audioProcessed(pcm.length, spec.sampleRateHz());
        if (result.isFinal()) {
            if (!result.text().isEmpty()) {
                sendFinal(result, 0);
            } else {
                startNextUtterance();
            }
        } else if (!result.text().isEmpty() && !result.text().equals(lastPartial)) {
            lastPartial = result.text();
            sink.send(RecognizeResponse.newBuilder().setPartial(transcript(result, 0)).build());
        }
    }

    private void flush(Flush flush) {
        Span span = tracing.flushStarted(spec, flush);
        try (Scope ignored = span.makeCurrent()) {
            Recognition result = timed(stream::finish);
            SttTracing.finalMade(span, result);
            sendFinal(result, flush.getSeq());
        } catch (RuntimeException e) {
            span.recordException(e).setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    private void sendFinal(Recognition result, long flushSeq) {
        sink.send(RecognizeResponse.newBuilder().setFinal(transcript(result, flushSeq)).build());
        finals++;
        startNextUtterance();
    }

    private void startNextUtterance() {
        utteranceStartSamples = samples;
        lastPartial = "";
    }

    private Transcript transcript(Recognition r, long flushSeq) {
        Transcript.Builder t = Transcript.newBuilder()
                .setText(r.text())
                .setConfidence(r.confidence())
                .setAudioStartMs(Pcm16.millis(utteranceStartSamples, spec.sampleRateHz()))
                .setAudioEndMs(Pcm16.millis(samples, spec.sampleRateHz()))
                .setFlushSeq(flushSeq)
                .setEngine(r.engine());
        for (RecognizedWord w : r.words()) {
            t.addWords(Word.newBuilder().setWord(w.word()).setStartMs(w.startMs()).setEndMs(w.endMs())
                    .setConfidence(w.confidence()));
        }
        return t.build();
    }

    private Recognition timed(Supplier<Recognition> work) {
        long start = System.nanoTime();
        long cpuStart = CPU.getCurrentThreadCpuTime();
        try {
            return work.get();
        } finally {
            long took = System.nanoTime() - start;
            engineNanos += took;
            metrics.engineTime(took, CPU.getCurrentThreadCpuTime() - cpuStart);
        }
    }

    private void skip(String reason, String what) {
        metrics.rejectedChunk(reason);
        if (skipped++ == 0) {
            LOG.warnf("stt stream tenant=%s call=%s: skipped %s; further skips on this stream are only counted",
                    tenant(), callId(), what);
        }
    }

    private void fail(Status status) {
        LOG.infof("stt stream tenant=%s call=%s ended with %s: %s", tenant(), callId(), status.getCode(),
                status.getDescription());
        end(status.getCode() == Status.Code.INVALID_ARGUMENT ? "rejected" : "failed");
        sink.fail(status);
    }

    private void end(String outcome) {
        if (ended) {
            return;
        }
        ended = true;
        long audioMs = spec == null ? 0 : Pcm16.millis(samples, spec.sampleRateHz());
        if (stream != null) {
            String engine = stream.engine();
            try {
                stream.close();
            } catch (RuntimeException e) {
                LOG.warnf("closing the stt engine stream failed: tenant=%s call=%s: %s", tenant(), callId(), e);
            }
            events.publish(new SpeechRecognized(spec.tenantId(), spec.callId(), Instant.now(), engine, audioMs,
                    finals));
        }
        metrics.streamEnded(outcome, audioMs, engineNanos);
    }

    private String tenant() {
        return spec != null ? spec.tenantId() : requested == null ? "-" : "'" + requested.getTenantId() + "'";
    }

    private String callId() {
        return spec != null ? spec.callId() : requested == null ? "-" : "'" + requested.getCallId() + "'";
    }
}
