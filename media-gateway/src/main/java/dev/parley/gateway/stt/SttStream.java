package dev.parley.gateway.stt;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.parley.audio.Pcm16;
import dev.parley.contracts.stt.v1.Expectation;
import dev.parley.contracts.stt.v1.Flush;
import dev.parley.contracts.stt.v1.RecognizeRequest;
import dev.parley.contracts.stt.v1.RecognizeResponse;
import dev.parley.contracts.stt.v1.SpeechToTextGrpc;
import dev.parley.contracts.stt.v1.StreamConfig;
import dev.parley.contracts.stt.v1.Transcript;
import dev.parley.contracts.trace.v1.TraceContext;
import dev.parley.gateway.failover.AnswerDeadline;
import dev.parley.gateway.failover.Outages;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One call's recognition stream to stt-service. Requests are sent from the call's context only; responses are handed
 * to the listener on that same context. If the stream fails, a new one (another instance, by round robin) gets the
 * caller's audio since the last final again and the flush still unanswered, so the turn is recognized whole.
 */
public final class SttStream {
    public static final String STAGE = "stt";
    /** Audio kept for a replay: the words since the last final, up to this much (16 kHz, 16 bit). */
    static final int REPLAY_BYTES = 10 * 32_000;
    /** A flush unanswered this long, with no partial either, means the instance stopped answering. */
    static final long FINAL_DEADLINE_MS = 8_000;
    /**
     * Checked this soon after a flush, before the end of the turn gives up on the final (1.5 s) and answers from the
     * last partial: an instance that has answered nothing since, nor for {@link #SILENT_MS} before, has frozen
     * mid-turn (a live one sends partials while the caller speaks) — its partial would be the truncated question.
     * 2 s, not more: the end of a turn may flush at the caller's first short pause, 1.5 s after a freeze.
     */
    static final long FLUSH_CHECK_MS = 1_200;
    static final long SILENT_MS = 2_000;
    private static final RecognizeRequest NOTHING_EXPECTED = RecognizeRequest.newBuilder()
            .setExpectation(Expectation.getDefaultInstance()).build();

    public interface Listener {
        void onPartial(Transcript transcript);

        void onFinal(Transcript transcript);

        /** The stream failed in a way no new stream mends (e.g. the request was refused). */
        void onSttError(Throwable error);
    }

    private final SpeechToTextGrpc.SpeechToTextStub stub;
    private final RecognizeRequest config;
    private final Executor context;
    private final Listener listener;
    private final Outages outages;
    private final Supplier<TraceContext> turnTrace;
    private final AnswerDeadline finalDue;
    private final AnswerDeadline flushCheck;
    private long lastAnswerMs;
    /** Null unless asked for: only a call whose recording bleeps PII needs word times placed in the call. */
    private final CallerPositions positions;
    private final ArrayDeque<ByteString> sinceFinal = new ArrayDeque<>();
    private int sinceFinalBytes;
    private RecognizeRequest unansweredFlush;
    /** The brain's last expectation, told again to a stream that replaces a failed one. */
    private RecognizeRequest expectation = NOTHING_EXPECTED;
    private ClientCallStreamObserver<RecognizeRequest> requests;
    private boolean closed;
    /** After {@link #close(Consumer, Runnable)}: who gets the closing final, and what runs once the stream ended. */
    private Consumer<Transcript> tail;
    private Runnable whenEnded;

    /**
     * @param turnTrace     the trace context of the turn a flush ends, asked at each flush
     * @param mapsPositions whether {@link #callerSampleAt} is needed (kept only then)
     */
    public SttStream(SpeechToTextGrpc.SpeechToTextStub stub, String tenantId, String callId, int sampleRate,
                     Executor context, Listener listener, Outages outages, Supplier<TraceContext> turnTrace,
                     boolean mapsPositions) {
        this.positions = mapsPositions ? new CallerPositions(sampleRate) : null;
        this.stub = stub;
        this.context = context;
        this.listener = listener;
        this.outages = outages;
        this.turnTrace = turnTrace;
        this.config = RecognizeRequest.newBuilder().setConfig(StreamConfig.newBuilder()
                .setTenantId(tenantId).setCallId(callId).setSampleRateHz(sampleRate).setLanguage("en-US")).build();
        this.finalDue = outages.deadline(FINAL_DEADLINE_MS, () -> stalled("no final within " + FINAL_DEADLINE_MS
                + " ms of a flush"));
        this.flushCheck = outages.deadline(FLUSH_CHECK_MS, () -> {
            if (outages.nowMs() - lastAnswerMs >= SILENT_MS) {
                stalled("nothing heard from it for " + (outages.nowMs() - lastAnswerMs) + " ms, a flush included");
            }
        });
        this.lastAnswerMs = outages.nowMs();
        open();
    }

    /** @param callerSample where {@code pcm} starts in the caller's audio (samples at the stream's rate) */
    public void audio(short[] pcm, long callerSample) {
        if (closed) {
            return;
        }
        if (positions != null) {
            positions.given(callerSample, pcm.length);
        }
        // The bytes are fresh and never touched again: wrap them instead of copying (31 times a second per call).
        ByteString bytes = UnsafeByteOperations.unsafeWrap(Pcm16.toBytes(pcm));
        sinceFinal.addLast(bytes);
        sinceFinalBytes += bytes.size();
        while (sinceFinalBytes > REPLAY_BYTES) {
            sinceFinalBytes -= sinceFinal.removeFirst().size();
        }
        send(RecognizeRequest.newBuilder().setAudio(bytes).build());
    }

    /**
     * The caller sample (at the stream's rate, counted from the call's first caller audio) that {@code streamMs} of
     * the current stream's audio is; -1 when not known. Call it for a final as it is handed to the listener: the
     * times of a final from this stream are relative to this stream.
     */
    public long callerSampleAt(long streamMs) {
        return positions == null ? -1 : positions.callerSample(streamMs);
    }

    /** The brain expects a number of one of these digit counts next (empty: none); sent when it changes. */
    public void expect(Set<Integer> digitCounts) {
        RecognizeRequest next = RecognizeRequest.newBuilder()
                .setExpectation(Expectation.newBuilder().addAllDigitCounts(digitCounts)).build();
        if (!closed && !next.equals(expectation)) {
            expectation = next;
            send(next);
        }
    }

    public void flush(long seq) {
        if (!closed) {
            unansweredFlush = RecognizeRequest.newBuilder().setFlush(Flush.newBuilder().setSeq(seq)
                    .setTrace(turnTrace.get())).build();
            send(unansweredFlush);
            finalDue.expect();
            flushCheck.expect();
        }
    }

    public void close() {
        if (!closed) {
            closed = true;
            if (requests != null) {
                requests.onCompleted();
            }
        }
    }

    /**
     * Ends the stream like {@link #close()}, but the final the recognizer sends for what it had not finalized yet
     * (words said right before a hang-up) goes to {@code tail}, and {@code whenEnded} runs once the recognizer ended
     * the stream (at once if there is none). The caller of this bounds the wait: a recognizer may never answer.
     */
    public void close(Consumer<Transcript> tail, Runnable whenEnded) {
        if (closed) {
            return;
        }
        if (requests == null) {
            closed = true;
            whenEnded.run();
            return;
        }
        this.tail = tail;
        this.whenEnded = whenEnded;
        close();
    }

    private void ended() {
        Runnable run = whenEnded;
        whenEnded = null;
        tail = null;
        if (run != null) {
            run.run();
        }
    }

    private void send(RecognizeRequest request) {
        if (requests != null) {
            requests.onNext(request);
        }
    }

    private void open() {
        ClientResponseObserver<RecognizeRequest, RecognizeResponse> responses = new ClientResponseObserver<>() {
            private ClientCallStreamObserver<RecognizeRequest> mine;

            @Override
            public void beforeStart(ClientCallStreamObserver<RecognizeRequest> stream) {
                mine = stream;
                // Ready means an instance took the stream: a failed stage is back.
                stream.setOnReadyHandler(() -> context.execute(() -> {
                    if (requests == mine) {
                        outages.opened(STAGE, () -> requests == mine);
                    }
                }));
            }

            @Override
            public void onNext(RecognizeResponse r) {
                context.execute(() -> {
                    if (requests != mine) {
                        return;
                    }
                    if (closed) {
                        if (tail != null && r.hasFinal()) {
                            tail.accept(r.getFinal());
                        }
                        return;
                    }
                    lastAnswerMs = outages.nowMs();
                    flushCheck.answered();
                    if (r.hasPartial()) {
                        if (unansweredFlush != null) {
                            finalDue.answeredMoreDue();
                        }
                        listener.onPartial(r.getPartial());
                    } else if (r.hasFinal()) {
                        sinceFinal.clear();
                        sinceFinalBytes = 0;
                        if (unansweredFlush != null && r.getFinal().getFlushSeq() == unansweredFlush.getFlush().getSeq()) {
                            unansweredFlush = null;
                            finalDue.answered();
                        }
                        listener.onFinal(r.getFinal());
                        if (positions != null) {
                            positions.finalUpTo(r.getFinal().getAudioEndMs());
                        }
                    }
                });
            }

            @Override
            public void onError(Throwable t) {
                context.execute(() -> {
                    if (closed && requests == mine) {
                        ended();
                    } else if (!closed && requests == mine) {
                        requests = null;
                        finalDue.answered();
                        flushCheck.answered();
                        outages.failed(STAGE, t, SttStream.this::reopen, listener::onSttError);
                    }
                });
            }

            @Override
            public void onCompleted() {
                context.execute(() -> {
                    if (closed && requests == mine) {
                        ended();
                    }
                });
            }
        };
        requests = (ClientCallStreamObserver<RecognizeRequest>) stub.recognize(responses);
        requests.onNext(config);
    }

    /** A new stream with what the failed one had not answered yet. */
    private void reopen() {
        if (closed) {
            return;
        }
        open();
        if (positions != null) {
            positions.reopened(sinceFinalBytes / 2);
        }
        lastAnswerMs = outages.nowMs();
        if (!expectation.equals(NOTHING_EXPECTED)) {
            send(expectation);
        }
        sinceFinal.forEach(bytes -> send(RecognizeRequest.newBuilder().setAudio(bytes).build()));
        if (unansweredFlush != null) {
            send(unansweredFlush);
            finalDue.expect();
        }
    }

    /** The instance holds the stream but answers nothing: drop it, so it fails over like a dead one. */
    private void stalled(String why) {
        if (requests != null) {
            requests.cancel("stt-service stalled: " + why, null);
        }
    }
}
