package dev.parley.e2e.bench;

import dev.parley.e2e.caller.EarLog;
import dev.parley.e2e.caller.SimulatedCaller;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Barge-in at the ear: the caller cuts into a long answer with real words 1.5 s into hearing it; measured from the
 * first caller frame above the speech threshold to the last agent frame the phone played above -55 dBFS before the
 * agent fell silent — so audio the phone had already buffered counts until it stops playing.
 */
final class BargeIns {
    static final String INTERRUPTION = "wait wait stop I have a different question";
    private static final int CYCLES_PER_CALL = 5;
    /** A pause this long in the agent's audio after the caller stopped talking means it had stopped. */
    private static final long STOPPED_NANOS = TimeUnit.MILLISECONDS.toNanos(400);

    /** The stop times in ms, and how many interruptions found the model still streaming its answer. */
    record Result(List<Long> stopsMs, int whileStreaming, List<String> failures) {
    }

    private final EarCalls calls;

    BargeIns(EarCalls calls) {
        this.calls = calls;
    }

    /** {@code rounds} interruptions of {@code question}'s answer on {@code tenant}; {@code llm} null for no model. */
    Result run(String tenant, String question, int rounds, List<String> voices, StandInLlm llm)
            throws InterruptedException {
        Result result = new Result(new ArrayList<>(), 0, new ArrayList<>());
        int streaming = 0;
        int attempts = 0;
        int dialled = 0;
        while (result.stopsMs().size() < rounds && attempts < rounds * 2) {
            String voice = voices.get(dialled++ % voices.size());
            try (SimulatedCaller caller = calls.dial(tenant, voice)) {
                for (int c = 0; c < CYCLES_PER_CALL && result.stopsMs().size() < rounds; c++, attempts++) {
                    EarCalls.Speech asked = EarCalls.say(caller, question);
                    EarCalls.listen(caller, asked.endNanos(), 1500);
                    boolean modelTalking = llm != null && llm.streaming();
                    EarCalls.Speech cut = EarCalls.say(caller, INTERRUPTION);
                    long stop = awaitStop(caller, cut);
                    result.stopsMs().add(stop);
                    streaming += modelTalking ? 1 : 0;
                    System.out.printf("  barge-in %-14s %-16s %5d ms%s%n", tenant, voice, stop,
                            modelTalking ? " (model still streaming)" : "");
                    caller.awaitAgentTurn(Duration.ofSeconds(30));
                }
                EarCalls.hangUp(caller);
            } catch (TimeoutException | RuntimeException e) {
                result.failures().add(tenant + "/" + voice + ": " + e.getMessage());
                attempts++;
            }
        }
        return new Result(result.stopsMs(), streaming, result.failures());
    }

    private static long awaitStop(SimulatedCaller caller, EarCalls.Speech cut) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long stop;
        while ((stop = stopMs(caller.ear(), cut.onsetNanos(), cut.endNanos())) < 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the agent did not stop talking within 60 s of being interrupted");
            }
            Thread.sleep(20);
        }
        return stop;
    }

    /**
     * Caller speech onset → the last audible agent frame before the agent fell silent, in ms (0 if it was silent when
     * the caller began); -1 while the phone has not yet played far enough to tell. The agent counts as stopped at the
     * last audible frame after which nothing audible played until the caller finished; if it was still audible then,
     * it stopped at the first pause of {@code STOPPED_NANOS} after that (a reply to the interruption cannot start
     * sooner than that after the caller's last word).
     */
    static long stopMs(EarLog ear, long onsetNanos, long callerEndNanos) {
        if (ear.lastTick() < callerEndNanos + STOPPED_NANOS) {
            return -1;
        }
        long last = ear.lastAudible(onsetNanos - STOPPED_NANOS, callerEndNanos);
        if (last >= 0 && callerEndNanos - last < TimeUnit.MILLISECONDS.toNanos(100)) {
            last = ear.lastAudibleBeforeSilence(callerEndNanos, STOPPED_NANOS);
            if (last < 0) {
                return -1;
            }
        }
        return last < onsetNanos ? 0 : TimeUnit.NANOSECONDS.toMillis(last - onsetNanos);
    }
}
