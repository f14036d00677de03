package dev.parley.gateway.recording;

import dev.parley.audio.MuLaw;
import dev.parley.audio.Resampler;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Records one call: both tracks go onto a {@link StereoTimeline} on the call's context, and whatever is final goes to
 * the store on the writer executor, off the live path. A slow disk never holds the call up: past
 * {@link #MAX_QUEUED_BLOCKS} blocks waiting for the writer, further blocks are dropped and counted (their place in the
 * file stays silent, so the tracks stay aligned). A store that fails gives the recording up, counted; the call goes on.
 */
public final class CallRecorder implements CallRecording {
    private static final Logger LOG = Logger.getLogger(CallRecorder.class);
    /** Blocks of {@value StereoTimeline#BLOCK_FRAMES} frames (100 ms) waiting for the writer: ~20 s of audio. */
    static final int MAX_QUEUED_BLOCKS = 200;
    /** 150 ms each side of a caller interval: a recognizer's word times are approximate. */
    static final int CALLER_PAD_FRAMES = StereoTimeline.RATE * 150 / 1000;
    /**
     * A key press is reported near the start of its tone (RFC 4733's first packet, Twilio's detection): the tone is
     * bleeped from shortly before the report to a key held 0.6 s (both padded like any caller interval).
     */
    static final int KEY_BEFORE_FRAMES = StereoTimeline.RATE * 200 / 1000;
    static final int KEY_AFTER_FRAMES = StereoTimeline.RATE * 450 / 1000;

    private final String tenantId;
    private final String callId;
    private final byte[] consent;
    private final LongSupplier clock;
    private final Executor writer;
    private final RecordingMetrics metrics;
    private final StereoTimeline timeline;
    private final AtomicInteger queued = new AtomicInteger();
    /** Null when the tenant's PII is not redacted: then nothing of it is done per frame. */
    private final RecordingRedaction redaction;
    private long callerSamples;
    private boolean ended;
    // Writer-side state: touched only by tasks on the writer executor, one at a time.
    private RecordingStore.Recording recording;
    private boolean failed;

    /**
     * @param consent the announcement played first (the recording starts with the call, so it is in it)
     * @param clock   System.nanoTime() in production: the clock playout's due times are on
     * @param writer  runs this recorder's writes one at a time, in order
     * @param redacts whether PII is bleeped (the tenant's redaction policy is enabled)
     */
    public CallRecorder(RecordingStore store, String tenantId, String callId, byte[] consent, LongSupplier clock,
                        Executor writer, RecordingMetrics metrics, boolean redacts) {
        this.tenantId = RecordingIds.check("tenant id", tenantId);
        this.callId = Objects.requireNonNull(callId, "call id");
        this.consent = consent;
        this.clock = clock;
        this.writer = writer;
        this.metrics = metrics;
        this.timeline = new StereoTimeline(clock.getAsLong());
        this.redaction = redacts ? new RecordingRedaction(CALLER_PAD_FRAMES) : null;
        Instant startedAt = Instant.now();
        metrics.started();
        submit(() -> {
            try {
                recording = store.open(tenantId, callId, startedAt);
            } catch (IOException | RuntimeException e) {
                fail(e);
            }
        });
    }

    @Override
    public Optional<byte[]> consent() {
        return Optional.ofNullable(consent);
    }

    @Override
    public void callerMuLaw(byte[] ulaw) {
        if (!ended) {
            caller(MuLaw.decode(ulaw));
        }
    }

    @Override
    public void callerPcm16k(short[] pcm) {
        if (!ended) {
            caller(Resampler.convert(pcm, 16_000, StereoTimeline.RATE));
        }
    }

    private void caller(short[] pcm) {
        long placedAt = timeline.caller(pcm, clock.getAsLong());
        if (redaction != null) {
            redaction.callerPlaced(callerSamples, placedAt, pcm.length);
            callerSamples += pcm.length;
        }
        writeReady();
    }

    @Override
    public void agentAudio(byte[] ulawFrame, long playAtNanos, int phrase) {
        if (!ended) {
            long placedAt = timeline.agent(MuLaw.decode(ulawFrame), playAtNanos);
            if (redaction != null && placedAt >= 0) {
                redaction.agentPlaced(phrase, placedAt, ulawFrame.length);
            }
            writeReady();
        }
    }

    @Override
    public void lineCleared() {
        if (!ended) {
            long now = clock.getAsLong();
            timeline.cleared(now);
            if (redaction != null) {
                redaction.cleared(timeline.frameAt(now));
            }
        }
    }

    @Override
    public boolean redacts() {
        return redaction != null;
    }

    @Override
    public void redactCaller(long fromSample, long toSample) {
        if (redaction != null && !ended) {
            redaction.redactCaller(fromSample, toSample);
        }
    }

    @Override
    public void redactCallerKeyPress() {
        if (redaction != null && !ended) {
            redaction.redactCaller(Math.max(0, callerSamples - KEY_BEFORE_FRAMES), callerSamples + KEY_AFTER_FRAMES);
        }
    }

    @Override
    public void redactAgentPhrase(int phrase) {
        if (redaction != null && !ended) {
            redaction.redactAgentPhrase(phrase);
        }
    }

    @Override
    public void agentPhrasesSettled(int phrase) {
        if (redaction != null && !ended) {
            redaction.agentPhrasesSettled(phrase);
        }
    }

    @Override
    public void end(long endNanos) {
        if (ended) {
            return;
        }
        ended = true;
        StereoTimeline.Block last = timeline.end(endNanos);
        long frames = timeline.frames();
        List<RecordingStore.Bleep> bleeps = redaction == null ? List.of() : redaction.bleeps();
        // The last block and the finish are never dropped: a recording left as .part would never be served.
        submit(() -> write(last));
        submit(() -> {
            if (recording == null || failed) {
                return;
            }
            try {
                recording.finish(frames, bleeps);
            } catch (IOException | RuntimeException e) {
                fail(e);
            }
        });
    }

    private void writeReady() {
        StereoTimeline.Block block = timeline.ready(clock.getAsLong());
        if (block == null) {
            return;
        }
        if (queued.get() >= MAX_QUEUED_BLOCKS) {
            metrics.dropped(block.stereo().length / RecordingStore.CHANNELS);
            return;
        }
        queued.incrementAndGet();
        if (!submit(() -> {
            queued.decrementAndGet();
            write(block);
        })) {
            queued.decrementAndGet();
            metrics.dropped(block.stereo().length / RecordingStore.CHANNELS);
        }
    }

    private void write(StereoTimeline.Block block) {
        if (recording == null || failed || block.stereo().length == 0) {
            return;
        }
        try {
            recording.write(block.frame(), block.stereo());
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void fail(Exception e) {
        failed = true;
        metrics.writeFailed();
        LOG.errorf("tenant=%s call=%s: recording given up, the call goes on: %s", tenantId, callId, e.toString());
        if (recording != null) {
            recording.abandon();
        }
    }

    private boolean submit(Runnable task) {
        try {
            writer.execute(task);
            return true;
        } catch (RejectedExecutionException shutDown) {
            return false;
        }
    }
}
