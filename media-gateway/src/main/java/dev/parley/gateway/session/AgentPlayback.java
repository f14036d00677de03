package dev.parley.gateway.session;

import dev.parley.audio.MuLaw;
import dev.parley.gateway.playout.PhoneAudio;
import dev.parley.gateway.playout.Playout;
import dev.parley.gateway.recording.CallRecording;
import dev.parley.gateway.transport.CallTransport;
import dev.parley.gateway.vad.EchoGuard;

import java.util.function.LongConsumer;

/**
 * Drives a call's {@link Playout} from a 20 ms timer on the call's context, only while there is audio to send.
 * Tells {@link AgentTurns} when audio reaches a line that had gone quiet ("first audio sent") and when each frame
 * the caller can hear is due at their ear. A pause stops the audio at the ear, not only at the gateway: the line
 * drops what it buffered, and the playout takes that audio back to send again on resume.
 */
final class AgentPlayback {
    private final Playout playout;
    private final CallTransport transport;
    private final CallContext context;
    private final LongConsumer onLineStarts;
    private final CallRecording recording;
    private long timer = -1;

    /**
     * @param onLineStarts told (System.nanoTime() clock) when audio goes to a line that had gone quiet
     * @param onAudible    told when a frame the caller can hear will play (System.nanoTime() clock)
     */
    AgentPlayback(CallTransport transport, CallContext context, int leadMs, EchoGuard echo, CallRecording recording,
                  LongConsumer onLineStarts, LongConsumer onAudible) {
        this.transport = transport;
        this.context = context;
        this.onLineStarts = onLineStarts;
        this.recording = recording;
        this.playout = new Playout(leadMs, new Playout.Sink() {
            @Override
            public void audio(byte[] frame, long playAtNanos, int phrase) {
                transport.sendAudio(frame);
                recording.agentAudio(frame, playAtNanos, phrase);
                short[] pcm = MuLaw.decode(frame);
                echo.agentPlays(pcm, PhoneAudio.RATE, playAtNanos / 1_000_000);
                if (PhoneAudio.isAudible(pcm)) {
                    onAudible.accept(playAtNanos);
                }
            }

            @Override
            public void mark(String wireName) {
                transport.sendMark(wireName);
            }
        });
    }

    void play(byte[] ulaw, String markAfter) {
        play(ulaw, markAfter, 0);
    }

    /** {@code phrase}: the agent phrase the audio is, for the recording (0: not numbered). */
    void play(byte[] ulaw, String markAfter, int phrase) {
        playout.enqueue(ulaw, markAfter, phrase);
        start();
    }

    /** The caller may be interrupting: silence the line now, keeping what the caller has not heard. */
    void pause() {
        if (playout.paused()) {
            return;
        }
        playout.pause();
        clearLine();
        playout.rewind(System.nanoTime());
    }

    void resume() {
        playout.resume();
        if (!playout.idle()) {
            start();
        }
    }

    /** Tells the line to drop what it has not played; the recording drops it too (the caller never heard it). */
    void clearLine() {
        transport.clear();
        recording.lineCleared();
    }

    /** Barge-in: drop everything not yet sent. */
    void flush() {
        playout.flush();
        playout.resume();
    }

    /** The logical name of a mark the line echoed, or null if its audio was taken back and will be sent again. */
    String echoed(String wireName) {
        return playout.echoed(wireName);
    }

    /** Nothing left to send: the line is quiet (or about to be). */
    boolean idle() {
        return playout.idle();
    }

    void stop() {
        cancelTimer();
        playout.flush();
    }

    private void start() {
        if (timer < 0) {
            timer = context.periodic(Playout.FRAME_MS, this::tick);
            tick();
        }
    }

    private void tick() {
        playout.tick(System.nanoTime(), onLineStarts::accept);
        if (playout.idle()) {
            cancelTimer();
        }
    }

    private void cancelTimer() {
        if (timer >= 0) {
            context.cancelTimer(timer);
            timer = -1;
        }
    }
}
