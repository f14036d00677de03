package dev.parley.e2e.caller;

import dev.parley.audio.MuLaw;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;

/**
 * The phone's receiving side: what the gateway sends crosses the (optionally jittered) line, then media and marks
 * queue in the {@link PhonePlayback} and {@code clear} empties it; each clock tick plays one frame, attributed to the
 * agent turn it was received for. Socket thread: {@link #arrive}; clock thread: {@link #tick}.
 */
final class Loudspeaker {
    /** The gateway's {@code clear}, travelling the line in order with the media and marks around it. */
    private enum Clear { CLEAR }

    private record Mark(String name) {
    }

    /** One tick's playout: the 20 ms played (silence if nothing), whether anything played or is still queued. */
    record Played(short[] pcm, boolean anything, boolean stillQueued, List<String> dueMarks) {
    }

    private final CallLog log;
    private final EarLog ear;
    private final JitteredArrival<Object> line;
    private final PhonePlayback playback = new PhonePlayback();
    /** Arrival time of every agent media frame at the phone, for measurements across turns. */
    private final ConcurrentLinkedDeque<Long> agentFrameNanos = new ConcurrentLinkedDeque<>();
    /** Where mark echoes owed after a clear go: they leave before the next media frame. */
    private final Consumer<String> echoSoon;

    Loudspeaker(CallLog log, EarLog ear, int jitterMs, Consumer<String> echoSoon) {
        this.log = log;
        this.ear = ear;
        this.line = new JitteredArrival<>(jitterMs, System.nanoTime());
        this.echoSoon = echoSoon;
    }

    void media(byte[] ulaw) {
        arrive(ulaw);
    }

    void mark(String name) {
        arrive(new Mark(name));
    }

    void clear() {
        arrive(Clear.CLEAR);
    }

    /** Without jitter a message reaches the phone as it arrives; with it, the clock hands it over when it is due. */
    private void arrive(Object message) {
        if (line.isImmediate()) {
            deliver(message);
        } else {
            line.add(message, System.nanoTime());
        }
    }

    /** Takes what has arrived by {@code now} and plays one frame. */
    Played tick(long now) {
        for (Object message : line.arrived(now)) {
            deliver(message);
        }
        PhonePlayback.Tick played;
        boolean queued;
        synchronized (playback) {
            played = playback.tick();
            queued = playback.hasQueuedAudio();
        }
        short[] pcm = new short[PhonePlayback.FRAME_BYTES];
        for (PhonePlayback.Played p : played.played()) {
            p.turn().audioPlayed(p.audio(), now);
            short[] part = MuLaw.decode(p.audio());
            System.arraycopy(part, 0, pcm, 0, Math.min(part.length, pcm.length));
        }
        return new Played(pcm, played.playedBytes() > 0, queued, played.dueMarks());
    }

    List<Long> agentFramesSince(long sinceNanos) {
        List<Long> out = new ArrayList<>();
        for (Long t : agentFrameNanos) {
            if (t >= sinceNanos) {
                out.add(t);
            }
        }
        return out;
    }

    private void deliver(Object message) {
        if (message instanceof byte[] ulaw) {
            long now = System.nanoTime();
            agentFrameNanos.add(now);
            AgentTurn turn = log.currentTurn();
            turn.audioReceived(ulaw.length, now);
            synchronized (playback) {
                playback.enqueueAudio(turn, ulaw);
            }
        } else if (message instanceof Mark mark) {
            synchronized (playback) {
                playback.enqueueMark(mark.name());
            }
        } else {
            ear.cleared(System.nanoTime());
            PhonePlayback.Cleared cleared;
            synchronized (playback) {
                cleared = playback.clear();
            }
            log.currentTurn().audioCleared(cleared.droppedBytes());
            // Twilio returns the pending marks at once.
            cleared.dueMarks().forEach(echoSoon);
        }
    }
}
