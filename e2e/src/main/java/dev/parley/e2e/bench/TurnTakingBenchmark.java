package dev.parley.e2e.bench;

import dev.parley.e2e.caller.CallerVoice;
import dev.parley.e2e.caller.TurnTranscriber;
import dev.parley.e2e.stack.Secrets;
import dev.parley.e2e.stack.StackConfig;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures turn-taking as a caller hears it, against a running stack, and prints one table. Every measuring point
 * is at the simulated phone, which plays what it is sent in real time (20 ms a frame, marks echoed after playback,
 * {@code clear} honoured) with network jitter on arrival: caller speech by its energy on the microphone, agent audio
 * when a played frame is above -55 dBFS. Callers speak in voices other than the agent's.
 *
 * <pre>java -Dparley.home=$PWD -cp 'e2e/target/e2e-0.1.0-SNAPSHOT.jar:e2e/target/lib/*' \
 *     dev.parley.e2e.bench.TurnTakingBenchmark [--gateway ws://127.0.0.1:8080/twilio/media] [--rounds 20] \
 *     [--jitter-ms 60] [--only answers|llm|barge-in|false|dictation|fresh] [--fresh-starts 3] [--llm-port 8096] \
 *     [--voices rms,awb,espeak:en-us+m3]</pre>
 *
 * {@code --voices} replaces the caller voices (flite names or {@code espeak:<voice>}), e.g. with voices nothing was
 * tuned on.
 *
 * The LLM parts need the stack started on e2e/bench-tenants (tenant acme-llm, whose brain is the stand-in model this
 * benchmark serves on --llm-port): {@code PARLEY_TENANTS_DIR=$PWD/e2e/bench-tenants ./parley up}. Without it they
 * are skipped. {@code --fresh-starts N} stops and starts the local stack N times (as ./parley down/up do).
 */
public final class TurnTakingBenchmark {
    static final String LLM_TENANT = "acme-llm";
    private static final long FIRST_TOKEN_MS = 350;
    private static final String FLOW_LONG_QUESTION = "what are your opening hours";
    private static final String LLM_LONG_QUESTION = "tell me about shipping and returns";

    private TurnTakingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        URI gateway = o.gateway();
        int rounds = o.rounds();
        int jitterMs = o.jitterMs();
        int freshStarts = o.freshStarts();
        String only = o.only();
        StackConfig local = StackConfig.local(StackConfig.defaultHome());
        EarCalls calls = new EarCalls(gateway, Secrets.load(StackConfig.defaultHome().resolve(".parley/secrets.env"))
                .twilioAuthToken(), jitterMs);
        List<String> voices = o.voices();
        BenchTable table = new BenchTable("turn-taking at the ear (" + gateway + ", jitter 0-" + jitterMs
                + " ms per packet, caller voices " + voices + ")");
        try (TurnTranscriber transcriber = new TurnTranscriber(TurnTranscriber.defaultModelsDir());
                StandInLlm llm = new StandInLlm(o.llmPort(), FIRST_TOKEN_MS, 40)) {
            if (runs(only, "answers")) {
                table.part("complete questions", () -> {
                    System.out.println("complete questions (sample calls x" + Math.max(1, rounds / 10)
                            + ", held-out set):");
                    AnswerLatency.Result r = new AnswerLatency(calls, voices).run(Math.max(1, rounds / 10));
                    table.latency("complete questions: end of speech -> first audible", r.complete());
                    table.latency("  of which sample-call lines", r.sample());
                    table.latency("  of which held-out paraphrases", r.heldOut());
                    table.latency("dictation lines of the sample calls (apart)", r.dictation());
                    table.latency("greeting: call start -> first audible", r.greetings());
                    table.note("unanswered (no audible reply within 20 s)",
                            r.unanswered().size() + " " + r.unanswered());
                });
            }
            boolean llmTenant = (runs(only, "llm") || runs(only, "barge-in")) && llmReachable(calls, llm);
            if (llmTenant && runs(only, "llm")) {
                table.part("LLM latency", () -> {
                    for (int rate : new int[]{7, 40}) {
                        llm.wordsPerSecond(rate);
                        System.out.println("LLM brain at " + rate + " words/s, end of speech -> first audible:");
                        List<Long> latencies = new AnswerLatency(calls, voices).askInOneCall(LLM_TENANT,
                                List.of("what are your opening hours", "when do you close on friday",
                                        "are you open on public holidays", "what time do you open in the morning",
                                        "do you work on weekends"), new ArrayList<>());
                        System.out.println("  " + latencies + " ms");
                        table.latencyMinus("LLM " + rate + " w/s: end of speech -> first audible", latencies,
                                FIRST_TOKEN_MS);
                    }
                });
            }
            if (runs(only, "barge-in")) {
                table.part("barge-in, flow brain", () -> {
                    System.out.println("barge-in, flow brain:");
                    bargeIns(table, "barge-in, flow brain: caller onset -> agent silent", new BargeIns(calls)
                            .run("acme", FLOW_LONG_QUESTION, rounds, voices, null));
                });
            }
            if (runs(only, "barge-in") && llmTenant) {
                for (int rate : new int[]{7, 40}) {
                    table.part("barge-in, LLM " + rate + " w/s", () -> {
                        llm.wordsPerSecond(rate);
                        System.out.println("barge-in, LLM brain at " + rate + " words/s:");
                        BargeIns.Result r = new BargeIns(calls).run(LLM_TENANT, LLM_LONG_QUESTION, rounds, voices, llm);
                        bargeIns(table, "barge-in, LLM " + rate + " w/s (" + r.whileStreaming()
                                + " cut in while streaming)", r);
                    });
                }
            }
            if (runs(only, "false")) {
                table.part("false interruptions", () -> {
                    System.out.println("false interruptions (cough, knock, mhm, okay, yeah), flow brain:");
                    FalseInterruptions.Result r = new FalseInterruptions(calls, transcriber)
                            .run("acme", FLOW_LONG_QUESTION, rounds, voices);
                    table.share("false interruptions: agent completed or resumed", r.completed(), r.attempts());
                    table.share("  ... and as heard uninterrupted (no word repeated/added/lost)", r.clean(),
                            r.attempts());
                    table.share("  agent paused (phone starved or cleared)", r.paused(), r.attempts());
                    table.note("  repeated words heard, in all", Integer.toString(r.repeatedWords()));
                    table.latency("  resume delay: end of noise -> audible again", r.resumeDelaysMs());
                    table.share("speakerphone echo (-12 dB, 120-300 ms): answer heard whole", r.echoCompleted(),
                            r.echoRounds());
                    table.note("  rounds not counted: question misheard (another answer)",
                            Integer.toString(r.misheard()));
                    if (!r.failures().isEmpty()) {
                        table.note("  failed calls", r.failures().toString());
                    }
                });
            }
            if (runs(only, "dictation")) {
                table.part("dictation", () -> {
                    System.out.println("dictation in groups, pauses 0.6-1.2 s:");
                    Dictations.Result r = new Dictations(calls, transcriber).run(rounds, voices);
                    table.share("dictation: agent waited for the whole number", r.waited(), r.callers());
                    table.share("  agent silent in every pause", r.silent(), r.callers());
                    table.share("  quiet, but its reply asked for the rest (\"so far\")", r.split(), r.callers());
                    table.share("  its reply read back the whole number", r.readBack(), r.callers());
                    table.note("  caller voices", r.voicesUsed() + (r.failures().isEmpty() ? ""
                            : "; failed calls: " + r.failures()));
                });
            }
            if (freshStarts > 0 && runs(only, "fresh")) {
                table.part("fresh starts", () -> {
                    System.out.println("fresh starts (stack stopped and started " + freshStarts + " times):");
                    FreshStarts.Result r = new FreshStarts(calls, local).run(freshStarts, voices);
                    table.latency("fresh start: first call's greeting", r.firstGreetings());
                    table.latency("  warm call's greeting", r.warmGreetings());
                    table.latency("fresh start: first call's first answer", r.firstAnswers());
                    table.latency("  warm call's first answer", r.warmAnswers());
                    table.note("  first/warm, medians: greeting, answer", String.format("%.2f, %.2f",
                            FreshStarts.Result.ratio(r.firstGreetings(), r.warmGreetings()),
                            FreshStarts.Result.ratio(r.firstAnswers(), r.warmAnswers())));
                });
            }
        }
        table.print();
        System.exit(0);
    }

    /** The command line; see the class comment. */
    private record Options(URI gateway, int rounds, int jitterMs, int freshStarts, int llmPort, String only,
                           List<String> voices) {
        static Options parse(String[] args) {
            java.util.Map<String, String> given = new java.util.HashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!List.of("--gateway", "--rounds", "--jitter-ms", "--fresh-starts", "--llm-port", "--only",
                        "--voices").contains(args[i])) {
                    throw new IllegalArgumentException("unknown option " + args[i]);
                }
                given.put(args[i], args[i + 1]);
            }
            return new Options(URI.create(given.getOrDefault("--gateway", "ws://127.0.0.1:8080/twilio/media")),
                    Integer.parseInt(given.getOrDefault("--rounds", "20")),
                    Integer.parseInt(given.getOrDefault("--jitter-ms", "60")),
                    Integer.parseInt(given.getOrDefault("--fresh-starts", "0")),
                    Integer.parseInt(given.getOrDefault("--llm-port", "8096")),
                    given.getOrDefault("--only", "all"),
                    given.containsKey("--voices") ? List.of(given.get("--voices").split(","))
                            : CallerVoice.OTHER_VOICES);
        }
    }

    private static void bargeIns(BenchTable table, String label, BargeIns.Result r) {
        table.latency(label, r.stopsMs());
        if (!r.failures().isEmpty()) {
            table.note("  failed calls", r.failures().toString());
        }
    }

    /** Whether the stack serves the LLM tenant (started on e2e/bench-tenants); says how to get it if not. */
    private static boolean llmReachable(EarCalls calls, StandInLlm llm) {
        try {
            EarCalls.hangUp(calls.dial(LLM_TENANT, CallerVoice.DEFAULT_VOICE));
            return true;
        } catch (Exception e) {
            System.out.println("LLM parts skipped: the stack does not serve tenant " + LLM_TENANT + " ("
                    + e.getMessage() + "); start it with PARLEY_TENANTS_DIR=$PWD/e2e/bench-tenants ./parley up"
                    + " (stand-in model on port " + llm.port() + ")");
            return false;
        }
    }

    private static boolean runs(String only, String part) {
        return only.equals("all") || only.equals(part);
    }
}
