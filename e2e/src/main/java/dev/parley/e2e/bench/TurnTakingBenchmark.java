package dev.parley.e2e.bench;

import dev.parley.e2e.SampleCall;
import dev.parley.e2e.caller.AgentTurn;
import dev.parley.e2e.caller.CallReport;
import dev.parley.e2e.caller.CallerVoice;
import dev.parley.e2e.caller.LatencyTable;
import dev.parley.e2e.caller.SimulatedCaller;
import dev.parley.e2e.caller.TurnTranscriber;
import dev.parley.e2e.stack.Secrets;
import dev.parley.e2e.stack.StackConfig;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Measures turn-taking against a running stack with simulated phone callers and prints the figures:
 * barge-in stop time, false-interruption survival, premature cut-offs while dictating numbers, and end of speech
 * to first agent audio on a complete question.
 *
 * <pre>java -Dparley.home=$PWD -cp 'e2e/target/e2e-0.1.0-SNAPSHOT.jar:e2e/target/lib/*' \
 *     dev.parley.e2e.bench.TurnTakingBenchmark [--gateway ws://127.0.0.1:8080/twilio/media] [--rounds 20] \\
 *     [--only barge-in|false|dictation|echo|scripted]</pre>
 */
public final class TurnTakingBenchmark {
    private static final String LONG_ANSWER_QUESTION = "what are your opening hours";
    /** The last word of the hours answer: heard only if the agent finished its sentence. */
    private static final String LAST_WORD = "holidays";
    private static final int CYCLES_PER_CALL = 5;
    private static final long GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(150);

    private final URI gateway;
    private final String token;
    private final CallerVoice voice = new CallerVoice();
    private final TurnTranscriber transcriber = new TurnTranscriber(TurnTranscriber.defaultModelsDir());
    private final List<Long> answerLatencies = new ArrayList<>();

    private TurnTakingBenchmark(URI gateway, String token) {
        this.gateway = gateway;
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        URI gateway = URI.create("ws://127.0.0.1:8080/twilio/media");
        int rounds = 20;
        String only = "all";
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--gateway")) {
                gateway = URI.create(args[i + 1]);
            } else if (args[i].equals("--rounds")) {
                rounds = Integer.parseInt(args[i + 1]);
            } else if (args[i].equals("--only")) {
                only = args[i + 1];
            }
        }
        String token = Secrets.load(StackConfig.defaultHome().resolve(".parley/secrets.env")).twilioAuthToken();
        TurnTakingBenchmark bench = new TurnTakingBenchmark(gateway, token);
        List<Long> stops = runs(only, "barge-in") ? bench.bargeIns(rounds) : List.of();
        int[] survived = runs(only, "false") ? bench.falseInterruptions(rounds) : new int[2];
        int[] waited = runs(only, "dictation") ? bench.dictations(Math.max(10, rounds / 2)) : new int[2];
        int[] echoSurvived = runs(only, "echo") ? bench.echoes(Math.max(5, rounds / 4)) : new int[2];
        List<Long> scripted = runs(only, "scripted") ? bench.scriptedCalls(Math.max(5, rounds / 4)) : List.of();
        bench.transcriber.close();

        System.out.println();
        System.out.println("turn-taking benchmark (" + gateway + ")");
        System.out.printf(Locale.ROOT, "%-58s %s%n", "barge-in stop time, first caller frame -> last agent frame",
                "p50 " + Percentiles.of(stops, 50) + " ms, p95 " + Percentiles.of(stops, 95) + " ms, max "
                        + Percentiles.of(stops, 100) + " ms over " + stops.size() + " interruptions");
        System.out.printf(Locale.ROOT, "%-58s %d/%d (%.0f %%)%n", "false interruptions: agent completed its sentence",
                survived[0], survived[1], 100.0 * survived[0] / Math.max(1, survived[1]));
        System.out.printf(Locale.ROOT, "%-58s %d/%d (%.0f %%)%n", "dictating callers: agent waited for every digit",
                waited[0], waited[1], 100.0 * waited[0] / Math.max(1, waited[1]));
        System.out.printf(Locale.ROOT, "%-58s %d/%d (%.0f %%)%n", "speakerphone echo: agent completed its sentence",
                echoSurvived[0], echoSurvived[1], 100.0 * echoSurvived[0] / Math.max(1, echoSurvived[1]));
        System.out.printf(Locale.ROOT, "%-58s %s%n", "complete question: end of speech -> first agent audio",
                "p50 " + Percentiles.of(bench.answerLatencies, 50) + " ms, p95 " + Percentiles.of(bench.answerLatencies, 95)
                        + " ms over " + bench.answerLatencies.size() + " answers");
        System.out.printf(Locale.ROOT, "%-58s %s%n", "scripted sample call: end of speech -> first agent audio",
                "p50 " + Percentiles.of(scripted, 50) + " ms, p95 " + Percentiles.of(scripted, 95) + " ms over "
                        + scripted.size() + " replies");
        System.exit(0);
    }

    private static boolean runs(String only, String part) {
        return only.equals("all") || only.equals(part);
    }

    /** Interrupts the hours answer 1.5 s in with real words; returns the stop times in ms. */
    private List<Long> bargeIns(int rounds) throws Exception {
        List<Long> stops = new ArrayList<>();
        while (stops.size() < rounds) {
            try (SimulatedCaller caller = call()) {
                caller.awaitAgentTurn(Duration.ofSeconds(30));
                for (int c = 0; c < CYCLES_PER_CALL && stops.size() < rounds; c++) {
                    askAndListen(caller, 1500);
                    SimulatedCaller.Spoken wait = caller.say("wait stop please");
                    stops.add(stopMillis(caller.agentFramesSince(wait.firstFrameNanos() - GAP_NANOS),
                            wait.firstFrameNanos()));
                    awaitReplyToEnd(caller, wait.lastFrameNanos());
                }
                caller.hangUp(Duration.ofSeconds(5));
            }
            System.out.println("barge-ins so far: " + stops);
        }
        return stops;
    }

    /** Coughs, knocks and backchannels over the hours answer; returns {completed, attempts}. */
    private int[] falseInterruptions(int rounds) throws Exception {
        List<Interjections.Clip> clips = Interjections.all(voice);
        int done = 0;
        int completed = 0;
        while (done < rounds) {
            try (SimulatedCaller caller = call()) {
                caller.awaitAgentTurn(Duration.ofSeconds(30));
                for (int c = 0; c < CYCLES_PER_CALL && done < rounds; c++, done++) {
                    Interjections.Clip clip = clips.get(done % clips.size());
                    askAndListen(caller, 1500);
                    caller.interject(clip.ulaw());
                    AgentTurn turn = caller.awaitAgentTurn(Duration.ofSeconds(30));
                    String heard = turn.transcript(transcriber);
                    boolean finished = heard.contains(LAST_WORD) && turn.clears() == 0;
                    completed += finished ? 1 : 0;
                    System.out.println("  " + clip.name() + ": " + (finished ? "agent finished" : "agent cut off")
                            + " — \"" + heard + "\"");
                }
                caller.hangUp(Duration.ofSeconds(5));
            }
        }
        return new int[]{completed, done};
    }

    /** The agent's own voice comes back at -12 dB after 120-300 ms; returns {completed, attempts}. */
    private int[] echoes(int rounds) throws Exception {
        int done = 0;
        int completed = 0;
        int[] delays = {120, 200, 300};
        while (done < rounds) {
            try (SimulatedCaller caller = call()) {
                caller.speakerphoneEcho(delays[done % delays.length], 0.25);
                caller.awaitAgentTurn(Duration.ofSeconds(30));
                for (int c = 0; c < CYCLES_PER_CALL && done < rounds; c++, done++) {
                    caller.say(LONG_ANSWER_QUESTION);
                    AgentTurn turn = caller.awaitAgentTurn(Duration.ofSeconds(30));
                    String heard = turn.transcript(transcriber);
                    boolean finished = heard.contains(LAST_WORD) && turn.clears() == 0;
                    completed += finished ? 1 : 0;
                    System.out.println("  echo " + delays[done % delays.length] + " ms: "
                            + (finished ? "agent finished" : "agent cut off") + " — \"" + heard + "\"");
                }
                caller.hangUp(Duration.ofSeconds(5));
            }
        }
        return new int[]{completed, done};
    }

    /**
     * Callers reading their order number in two groups with a 700 ms pause, one caller per call (the first thing
     * they say after the greeting); returns {agent waited, callers}.
     */
    private int[] dictations(int callers) throws Exception {
        String[][] numbers = {{"one two", "three four"}, {"five six", "seven eight"}, {"nine oh", "one two"},
                {"one two three", "four five"}, {"four four", "two two one"}, {"seven seven", "three one"},
                {"three three", "eight one two"}, {"six oh", "four nine"}, {"two eight six", "five"},
                {"eight eight", "oh one three six"}};
        int waited = 0;
        for (int done = 0; done < callers; done++) {
            try (SimulatedCaller caller = call()) {
                caller.awaitAgentTurn(Duration.ofSeconds(30));
                String[] groups = numbers[done % numbers.length];
                SimulatedCaller.Spoken first = caller.say("my order number is " + groups[0]);
                Thread.sleep(700);
                boolean cutOff = !caller.agentFramesSince(first.lastFrameNanos()).isEmpty();
                caller.say(groups[1]);
                AgentTurn turn = caller.awaitAgentTurn(Duration.ofSeconds(30));
                waited += cutOff ? 0 : 1;
                System.out.println("  \"" + groups[0] + " … " + groups[1] + "\": "
                        + (cutOff ? "agent cut in after the first group" : "agent waited") + " — \""
                        + turn.transcript(transcriber) + "\"");
                caller.hangUp(Duration.ofSeconds(5));
            }
        }
        return new int[]{waited, callers};
    }

    /** The README's scripted sample call, {@code calls} times; returns every reply's end of speech -> first audio. */
    private List<Long> scriptedCalls(int calls) throws Exception {
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            try (SimulatedCaller caller = call()) {
                CallReport report = SampleCall.acmeScript().run(caller, "acme", transcriber);
                latencies.addAll(LatencyTable.replyLatencies(report.turns()));
                System.out.println("  scripted call " + (i + 1) + ": replies " + LatencyTable.replyLatencies(
                        report.turns()) + " ms");
            }
        }
        return latencies;
    }

    /**
     * Waits for the agent's reply to an interruption to start and then to finish (1.5 s without agent audio).
     * The caller's turn bookkeeping can't tell: the interrupted answer's last frames arrive after the
     * interruption began.
     */
    private static void awaitReplyToEnd(SimulatedCaller caller, long saidNanos) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<Long> frames = caller.agentFramesSince(saidNanos);
        while (frames.isEmpty() || System.nanoTime() - frames.get(frames.size() - 1) < TimeUnit.MILLISECONDS
                .toNanos(1500)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no complete reply to the interruption within 30 s");
            }
            Thread.sleep(20);
            frames = caller.agentFramesSince(saidNanos);
        }
    }

    /** Asks the long-answer question and returns once {@code listenMs} of the answer has arrived. */
    private void askAndListen(SimulatedCaller caller, long listenMs) throws InterruptedException {
        SimulatedCaller.Spoken asked = caller.say(LONG_ANSWER_QUESTION);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        List<Long> frames = caller.agentFramesSince(asked.lastFrameNanos());
        while (frames.size() * 20L < listenMs) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no answer to \"" + LONG_ANSWER_QUESTION + "\" within 15 s");
            }
            Thread.sleep(10);
            frames = caller.agentFramesSince(asked.lastFrameNanos());
        }
        answerLatencies.add(TimeUnit.NANOSECONDS.toMillis(frames.get(0) - asked.lastFrameNanos()));
    }

    /**
     * The agent's audio was flowing when the interruption began: its stop time is when the last frame of that
     * flow arrived (the first gap in it), counted from the interruption's first frame; 0 if it had already stopped.
     */
    static long stopMillis(List<Long> frames, long interruptionNanos) {
        long last = -1;
        long previous = interruptionNanos - GAP_NANOS / 2;
        for (long t : frames) {
            if (t - previous > GAP_NANOS) {
                break;
            }
            last = t;
            previous = t;
        }
        return last < interruptionNanos ? 0 : TimeUnit.NANOSECONDS.toMillis(last - interruptionNanos);
    }

    private SimulatedCaller call() {
        return SimulatedCaller.call(gateway, token, "acme", voice, Duration.ofMillis(1500));
    }
}
