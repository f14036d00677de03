package dev.parley.e2e.bench;

import dev.parley.e2e.caller.CallerVoice;
import dev.parley.e2e.caller.EarLog;
import dev.parley.e2e.caller.SimulatedCaller;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Places the benchmark's calls (a jittered phone, a caller voice other than the agent's) and reads the measuring
 * points at the phone: the caller's speech by its energy on the microphone, the agent by what the loudspeaker played
 * above {@link EarLog#AUDIBLE_DBFS}.
 */
final class EarCalls {
    static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final Duration TURN_QUIET = Duration.ofMillis(1500);

    private final URI gateway;
    private final String token;
    private final int jitterMs;
    private final Map<String, CallerVoice> voices = new ConcurrentHashMap<>();

    EarCalls(URI gateway, String token, int jitterMs) {
        this.gateway = gateway;
        this.token = token;
        this.jitterMs = jitterMs;
    }

    int jitterMs() {
        return jitterMs;
    }

    /** Calls {@code tenant} as {@code voice} and waits for the greeting to be heard to its end. */
    SimulatedCaller dial(String tenant, String voice) throws TimeoutException, InterruptedException {
        SimulatedCaller caller = SimulatedCaller.call(gateway, token, tenant,
                voices.computeIfAbsent(voice, CallerVoice::new), TURN_QUIET, jitterMs);
        try {
            caller.awaitAgentTurn(Duration.ofSeconds(30));
        } catch (TimeoutException | RuntimeException e) {
            caller.close();
            throw e;
        }
        return caller;
    }

    /** When the caller's speech began and ended, by its energy on the microphone (not the gateway's VAD). */
    record Speech(long onsetNanos, long endNanos) {
    }

    /** Says {@code text} and returns when its speech began and ended, as the phone's microphone carried it. */
    static Speech say(SimulatedCaller caller, String text) {
        return speech(caller, caller.say(text));
    }

    /** Plays a sound into the line without opening a turn (a cough, a "mhm"). */
    static Speech interject(SimulatedCaller caller, byte[] ulaw) {
        return speech(caller, caller.interject(ulaw));
    }

    private static Speech speech(SimulatedCaller caller, SimulatedCaller.Spoken spoken) {
        // The clock records a tick just after sending its frame: wait for the last one to be in the log.
        awaitTick(caller, spoken.lastFrameNanos() + FRAME_NANOS);
        EarLog ear = caller.ear();
        long from = spoken.firstFrameNanos() - FRAME_NANOS;
        long to = spoken.lastFrameNanos() + FRAME_NANOS;
        long onset = ear.speechOnset(from, to);
        long end = ear.speechEnd(from, to);
        if (onset < 0) {
            throw new IllegalStateException("no frame above " + EarLog.SPEECH_DBFS + " dBFS in what was said");
        }
        return new Speech(onset, end);
    }

    /** Milliseconds from {@code fromNanos} to the first audible agent audio after it; -1 if none within 20 s. */
    static long firstAudibleMs(SimulatedCaller caller, long fromNanos) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long heard;
        while ((heard = caller.ear().firstAudible(fromNanos + 1)) < 0) {
            if (System.nanoTime() > deadline || caller.isClosed()) {
                return -1;
            }
            Thread.sleep(10);
        }
        return TimeUnit.NANOSECONDS.toMillis(heard - fromNanos);
    }

    /** Waits until the phone has played {@code ms} of audible time since the first audible frame after {@code from}. */
    static void listen(SimulatedCaller caller, long fromNanos, long ms) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            long heard = caller.ear().firstAudible(fromNanos + 1);
            if (heard >= 0 && caller.ear().lastTick() - heard >= TimeUnit.MILLISECONDS.toNanos(ms)) {
                return;
            }
            if (System.nanoTime() > deadline || caller.isClosed()) {
                throw new IllegalStateException("no agent audio heard within 20 s");
            }
            Thread.sleep(10);
        }
    }

    /** Waits until the phone has stayed silent for {@code quietMs} (nothing audible) after {@code from}. */
    static void awaitQuiet(SimulatedCaller caller, long fromNanos, long quietMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long quiet = TimeUnit.MILLISECONDS.toNanos(quietMs);
        while (!caller.isClosed() && System.nanoTime() < deadline) {
            EarLog ear = caller.ear();
            long last = ear.lastAudible(fromNanos, Long.MAX_VALUE);
            if (ear.lastTick() - Math.max(last, fromNanos) >= quiet) {
                return;
            }
            Thread.sleep(20);
        }
    }

    static void awaitTick(SimulatedCaller caller, long nanos) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (caller.ear().lastTick() < nanos && System.nanoTime() < deadline && !caller.isClosed()) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static void hangUp(SimulatedCaller caller) {
        try {
            if (!caller.isClosed()) {
                caller.hangUp(Duration.ofSeconds(5));
            }
        } catch (TimeoutException | InterruptedException e) {
            caller.close();
        }
    }
}
