package dev.parley.e2e.bench;

import dev.parley.e2e.caller.AgentTurn;
import dev.parley.e2e.caller.CallerVoice;
import dev.parley.e2e.caller.EarLog;
import dev.parley.e2e.caller.SimulatedCaller;
import dev.parley.e2e.caller.TurnTranscriber;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Coughs, knocks and backchannels ("mhm", "okay", "yeah") over an answer, 1.5 s into hearing it. Whether the agent
 * still said its sentence to the end (straight through, or paused and resumed), whether what the phone played, as
 * Vosk hears it, is the answer heard uninterrupted with no word repeated, added or lost ({@link ResumeCheck}), and
 * when the agent paused (the phone starved or was cleared), how long after the noise ended it was audible again.
 */
final class FalseInterruptions {
    private static final int CYCLES_PER_CALL = 5;
    /** The agent paused if the phone ran dry or was cleared between the noise's start and this long after its end. */
    private static final long PAUSE_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);

    record Result(int attempts, int completed, int clean, int repeatedWords, int paused, List<Long> resumeDelaysMs,
            String reference, int misheard, List<String> failures, int echoRounds, int echoCompleted) {
    }

    private final EarCalls calls;
    private final TurnTranscriber transcriber;

    FalseInterruptions(EarCalls calls, TurnTranscriber transcriber) {
        this.calls = calls;
        this.transcriber = transcriber;
    }

    Result run(String tenant, String question, int rounds, List<String> voices) throws InterruptedException,
            TimeoutException {
        String reference = null;
        for (int attempt = 0; reference == null; attempt++) {
            try {
                reference = uninterrupted(tenant, question, voices.get(attempt % voices.size()));
            } catch (TimeoutException | RuntimeException e) {
                if (attempt == 2) {
                    throw e;
                }
                System.out.println("  reference call failed, again: " + e.getMessage());
            }
        }
        System.out.println("  reference (uninterrupted, as Vosk hears it): \"" + reference + "\"");
        int done = 0;
        int completed = 0;
        int clean = 0;
        int repeated = 0;
        int paused = 0;
        List<Long> delays = new ArrayList<>();
        int call = 0;
        List<String> failures = new ArrayList<>();
        int misheard = 0;
        int attempt = 0;
        while (done < rounds && failures.size() + misheard < rounds) {
            String voice = voices.get(call++ % voices.size());
            List<Interjections.Clip> clips = Interjections.all(new CallerVoice(voice));
            try (SimulatedCaller caller = calls.dial(tenant, voice)) {
                for (int c = 0; c < CYCLES_PER_CALL && done < rounds; c++, attempt++) {
                    Interjections.Clip clip = clips.get(attempt % clips.size());
                    EarCalls.Speech asked = EarCalls.say(caller, question);
                    AgentTurn turn = caller.log().turns().get(caller.log().turns().size() - 1);
                    EarCalls.listen(caller, asked.endNanos(), 1500);
                    EarCalls.Speech noise = EarCalls.interject(caller, clip.ulaw());
                    // A pause longer than the caller's turn-quiet would look like the end of the answer: wait for
                    // 2.5 s of silence at the ear instead.
                    EarCalls.awaitQuiet(caller, noise.endNanos(), 2500);
                    String heard = turn.transcript(transcriber);
                    if (!sameStart(reference, heard)) {
                        // The question itself was misheard (another answer began): no sentence to interrupt.
                        misheard++;
                        System.out.printf("  %-6s %-16s question misheard, not counted — \"%s\"%n", clip.name(),
                                voice, heard);
                        continue;
                    }
                    done++;
                    ResumeCheck check = ResumeCheck.of(reference, heard);
                    long pause = pauseStart(caller.ear(), noise);
                    long delay = -1;
                    long arrived = -1;
                    if (pause >= 0) {
                        // the first frame the gateway sent after it paused: its decision to resume, plus the line
                        arrived = caller.agentFramesSince(Math.max(pause, noise.endNanos())).stream().findFirst()
                                .map(t -> TimeUnit.NANOSECONDS.toMillis(t - noise.endNanos())).orElse(-1L);
                        paused++;
                        long back = caller.ear().firstAudible(pause);
                        if (back >= 0 && check.completed()) {
                            delay = Math.max(0, TimeUnit.NANOSECONDS.toMillis(back - noise.endNanos()));
                            delays.add(delay);
                        }
                    }
                    completed += check.completed() ? 1 : 0;
                    clean += check.clean() ? 1 : 0;
                    repeated += check.repeated();
                    System.out.printf("  %-6s %-16s %s%s%s — \"%s\"%n", clip.name(), voice,
                            check.completed() ? "completed" : "cut off", pause >= 0 ? ", paused" : "",
                            delay >= 0 ? ", audible again " + delay + " ms after the noise (audio back at the "
                                    + "phone after " + arrived + " ms)" : "",
                            turn.lastTranscript());
                    if (check.completed() && !check.clean()) {
                        System.out.println("         not clean: " + check);
                    }
                }
                EarCalls.hangUp(caller);
            } catch (TimeoutException | RuntimeException e) {
                failures.add(voice + ": " + e.getMessage());
                System.out.println("  call failed (" + voice + "): " + e.getMessage());
            }
        }
        int[] echo = echoes(tenant, question, reference, Math.max(3, rounds / 4), voices.get(0));
        return new Result(done, completed, clean, repeated, paused, delays, reference, misheard, failures, echo[1],
                echo[0]);
    }

    /**
     * A speakerphone without echo cancellation: the agent's own voice comes back at -12 dB after 120, 200 or 300 ms.
     * Returns {answers heard to their end as uninterrupted, rounds}; a misheard question is not counted.
     */
    private int[] echoes(String tenant, String question, String reference, int rounds, String voice)
            throws InterruptedException {
        int[] delays = {120, 200, 300};
        int completed = 0;
        int counted = 0;
        for (int i = 0; i < rounds; i++) {
            try (SimulatedCaller caller = calls.dial(tenant, voice)) {
                caller.speakerphoneEcho(delays[i % delays.length], 0.25);
                caller.say(question);
                String heard = caller.awaitAgentTurn(Duration.ofSeconds(60)).transcript(transcriber);
                EarCalls.hangUp(caller);
                if (!sameStart(reference, heard)) {
                    System.out.printf("  echo %3d ms: not counted, another answer — \"%s\"%n",
                            delays[i % delays.length], heard);
                    continue;
                }
                counted++;
                boolean clean = ResumeCheck.of(reference, heard).clean();
                completed += clean ? 1 : 0;
                System.out.printf("  echo %3d ms: %s — \"%s\"%n", delays[i % delays.length],
                        clean ? "agent finished" : "agent cut off or garbled", heard);
            } catch (TimeoutException | RuntimeException e) {
                System.out.println("  echo call failed: " + e.getMessage());
            }
        }
        return new int[]{completed, counted};
    }

    /** The answer as Vosk hears it when nobody interrupts: what a clean resume is compared with. */
    private String uninterrupted(String tenant, String question, String voice) throws InterruptedException,
            TimeoutException {
        try (SimulatedCaller caller = calls.dial(tenant, voice)) {
            caller.say(question);
            AgentTurn turn = caller.awaitAgentTurn(Duration.ofSeconds(60));
            String heard = turn.transcript(transcriber);
            EarCalls.hangUp(caller);
            if (heard.isBlank()) {
                throw new IllegalStateException("no answer to \"" + question + "\" to compare with");
            }
            return heard;
        }
    }

    /** Whether the answer began like the uninterrupted one (its first three words). */
    static boolean sameStart(String reference, String heard) {
        String[] ref = ResumeCheck.words(reference);
        String[] hyp = ResumeCheck.words(heard);
        int n = Math.min(3, ref.length);
        if (hyp.length < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!ref[i].equals(hyp[i])) {
                return false;
            }
        }
        return true;
    }

    /** When the agent's audio stopped under the noise (the phone starved or was cleared), or -1 if it never did. */
    static long pauseStart(EarLog ear, EarCalls.Speech noise) {
        long to = noise.endNanos() + PAUSE_WINDOW_NANOS;
        long starved = ear.firstStarved(noise.onsetNanos(), to);
        long clear = ear.firstClear(noise.onsetNanos());
        if (clear > to) {
            clear = -1;
        }
        if (starved < 0) {
            return clear;
        }
        return clear < 0 ? starved : Math.min(starved, clear);
    }
}
