package dev.parley.e2e.bench;

import dev.parley.e2e.caller.AgentTurn;
import dev.parley.e2e.caller.CallerVoice;
import dev.parley.e2e.caller.SimulatedCaller;
import dev.parley.e2e.caller.TurnTranscriber;
import dev.parley.e2e.stack.Secrets;
import dev.parley.e2e.stack.StackConfig;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Understanding at the ear: the held-out questions (heldout-questions.txt, never tuned on) asked aloud on the running
 * stack in caller voices other than the agent's, the agent's reply transcribed as the phone played it and labelled by
 * the tenant's line it matches ({@link ExpectedReplies}). Prints each question's verdict, per tenant the share right
 * (clarifications about the right thing counted up to 10 % of the questions) and any prompt heard a third time in a
 * row in a call. Nothing is asserted.
 *
 * <pre>java -cp 'e2e/target/e2e-0.1.0-SNAPSHOT.jar:e2e/target/lib/*' dev.parley.e2e.bench.UnderstandingBenchmark \
 *     [--gateway ws://127.0.0.1:8080/twilio/media] [--tenants tenants] [--jitter-ms 60]</pre>
 */
public final class UnderstandingBenchmark {

    /** Below this share of its line's telling words heard, a reply is not taken for that line. */
    private static final double MIN_OVERLAP = 0.5;

    private UnderstandingBenchmark() {
    }

    record Asked(String tenant, String expected, String question, String heard, String label, boolean right,
                 boolean clarified) {
    }

    public static void main(String[] args) throws Exception {
        URI gateway = URI.create(option(args, "--gateway", "ws://127.0.0.1:8080/twilio/media"));
        Path tenants = Path.of(option(args, "--tenants", "tenants"));
        int jitterMs = Integer.parseInt(option(args, "--jitter-ms", "60"));
        EarCalls calls = new EarCalls(gateway, Secrets.load(StackConfig.defaultHome().resolve(".parley/secrets.env"))
                .twilioAuthToken(), jitterMs);
        List<String> voices = CallerVoice.OTHER_VOICES;
        List<Asked> asked = new ArrayList<>();
        int thirdRepeats = 0;
        int voice = 0;
        try (TurnTranscriber transcriber = new TurnTranscriber(TurnTranscriber.defaultModelsDir())) {
            for (String tenant : Questions.TENANTS) {
                ExpectedReplies replies = ExpectedReplies.of(tenants.resolve(tenant));
                List<Questions.Question> mine = Questions.heldOut().stream()
                        .filter(q -> q.tenant().equals(tenant)).toList();
                for (List<Questions.Question> call : Questions.intoCalls(mine, 3)) {
                    thirdRepeats += askInOneCall(calls, voices.get(voice++ % voices.size()), tenant, call, replies,
                            transcriber, asked);
                }
            }
        }
        for (String tenant : Questions.TENANTS) {
            List<Asked> mine = asked.stream().filter(a -> a.tenant().equals(tenant)).toList();
            long right = mine.stream().filter(Asked::right).count();
            long clarified = mine.stream().filter(Asked::clarified).count();
            long counted = right + Math.min(clarified, (long) Math.floor(0.10 * mine.size()));
            System.out.printf(Locale.ROOT, "%-11s %d held-out questions at the ear: right %d (%.1f %%), clarified "
                            + "about the right thing %d, right with clarifications capped at 10 %%: %.1f %%%n", tenant,
                    mine.size(), right, 100.0 * right / mine.size(), clarified, 100.0 * counted / mine.size());
        }
        System.out.println("prompts heard a third time in a row in a call: " + thirdRepeats);
        System.exit(0);
    }

    /** Asks one call's questions; returns how many replies were a third identical one in a row. */
    private static int askInOneCall(EarCalls calls, String voice, String tenant, List<Questions.Question> questions,
                                    ExpectedReplies replies, TurnTranscriber transcriber, List<Asked> asked)
            throws InterruptedException {
        int repeats = 0;
        List<String> heardInCall = new ArrayList<>();
        try (SimulatedCaller caller = calls.dial(tenant, voice)) {
            for (Questions.Question q : questions) {
                int before = caller.turns().size();
                EarCalls.Speech speech = EarCalls.say(caller, q.text());
                String heard = reply(caller, speech, before, transcriber);
                ExpectedReplies.Verdict v = replies.label(heard);
                String label = v.overlap() >= MIN_OVERLAP ? v.label() : "unplaced";
                boolean same = ExpectedReplies.sameThing(q.expected(), label);
                boolean clarified = same && label.startsWith("?");
                asked.add(new Asked(tenant, q.expected(), q.text(), heard, label, same && !clarified, clarified));
                System.out.printf(Locale.ROOT, "  %-11s %-6s %-20s got %-28.28s (%.2f) \"%s\" -> \"%s\"%n", tenant,
                        same ? (clarified ? "clar" : "RIGHT") : "WRONG", q.expected(), label, v.overlap(), q.text(),
                        heard);
                heardInCall.add(heard);
                int n = heardInCall.size();
                if (n >= 3 && !heard.isBlank() && heard.equals(heardInCall.get(n - 2))
                        && heard.equals(heardInCall.get(n - 3))) {
                    repeats++;
                }
            }
            EarCalls.hangUp(caller);
        } catch (TimeoutException | RuntimeException e) {
            System.out.println("  " + tenant + ": call failed: " + e.getMessage());
        }
        return repeats;
    }

    /** The transcript of what the phone played after the question (every agent turn since), once the line is quiet. */
    private static String reply(SimulatedCaller caller, EarCalls.Speech speech, int turnsBefore,
                                TurnTranscriber transcriber) throws InterruptedException {
        if (EarCalls.firstAudibleMs(caller, speech.endNanos()) < 0) {
            return "";
        }
        try {
            caller.awaitAgentTurn(Duration.ofSeconds(30));
        } catch (TimeoutException e) {
            // What played so far is what the caller heard.
        }
        List<AgentTurn> turns = caller.turns();
        StringBuilder heard = new StringBuilder();
        for (AgentTurn t : turns.subList(Math.min(turnsBefore, turns.size()), turns.size())) {
            heard.append(t.transcript(transcriber)).append(' ');
        }
        return heard.toString().strip();
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
