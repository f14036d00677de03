package dev.parley.gateway.session;

import dev.parley.audio.MuLaw;
import dev.parley.gateway.playout.PhoneAudio;
import dev.parley.gateway.playout.Playout;
import dev.parley.gateway.vad.EchoGuard;
import dev.parley.gateway.transport.CallTransport;

import java.util.function.LongConsumer;

/**
 * Drives a call's {@link Playout} from a 20 ms timer on the call's context, only while there is audio to send,
 * and tells {@link AgentTurns} when audio reaches a line that had gone quiet (the "first audio sent" of a turn).
 */
final class AgentPlayback {
    private final Playout playout;
    private final CallContext context;
    private final LongConsumer onLineStarts;
    private long timer = -1;

    AgentPlayback(CallTransport transport, CallContext context, int leadMs, EchoGuard echo, LongConsumer onLineStarts) {
        this.context = context;
        this.onLineStarts = onLineStarts;
        this.playout = new Playout(leadMs, new Playout.Sink() {
            @Override
            public void audio(byte[] frame, long playAtNanos) {
                transport.sendAudio(frame);
                echo.agentPlays(MuLaw.decode(frame), PhoneAudio.RATE, playAtNanos / 1_000_000);
            }

            @Override
            public void mark(String name) {
                transport.sendMark(name);
            }
        });
    }

    void play(byte[] ulaw, String markAfter) {
        playout.enqueue(ulaw, markAfter);
        start();
    }

    /** The caller may be interrupting: hold the audio not yet sent. */
    void pause() {
        playout.pause();
    }

    void resume() {
        playout.resume();
        if (!playout.idle()) {
            start();
        }
    }

    /** Barge-in: drop everything not yet sent. */
    void flush() {
        playout.flush();
        playout.resume();
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
