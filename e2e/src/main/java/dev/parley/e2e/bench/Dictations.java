package dev.parley.e2e.bench;

import dev.parley.e2e.caller.AgentTurn;
import dev.parley.e2e.caller.SimulatedCaller;
import dev.parley.e2e.caller.TurnTranscriber;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeoutException;

/**
 * Callers reading out a number in two or three groups with a pause of 0.6–1.2 s after each (drawn per pause), as
 * the first thing they say after the greeting: an acme order number (four digits, two groups) or a brightsmile
 * patient number (six digits, two or three groups). The script knows it is dictating; the agent waited if the phone
 * played nothing audible from the end of the first group to the end of the last, and its reply did not ask for the
 * remaining digits (both tenants' "I have … so far": the number reached the brain in pieces). Whether its reply read
 * back the whole number (a wrong or unknown number is read back by both tenants) is reported beside.
 */
final class Dictations {
    private static final String[] DIGITS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};

    /**
     * {@code silent}: the agent played nothing in any pause; {@code split}: its reply asked for the rest of the digits
     * ("… so far"), so the number reached it in pieces though it kept quiet; {@code waited}: silent and not split.
     */
    record Result(int callers, int waited, int silent, int split, int readBack, List<String> voicesUsed,
            List<String> failures) {
    }

    private final EarCalls calls;
    private final TurnTranscriber transcriber;
    private final Random random = new Random(20261206);

    Dictations(EarCalls calls, TurnTranscriber transcriber) {
        this.calls = calls;
        this.transcriber = transcriber;
    }

    Result run(int callers, List<String> voices) throws InterruptedException {
        int waited = 0;
        int silent = 0;
        int split = 0;
        int readBack = 0;
        List<String> failures = new ArrayList<>();
        List<String> used = new ArrayList<>();
        int done = 0;
        for (int i = 0; i < callers; i++) {
            String voice = voices.get(i % voices.size());
            boolean acme = i % 2 == 0;
            List<List<String>> groups = acme ? groups(4, 2) : groups(6, 2 + random.nextInt(2));
            String lead = acme ? "my order number is " : "my patient number is ";
            try (SimulatedCaller caller = calls.dial(acme ? "acme" : "brightsmile", voice)) {
                long firstEnd = -1;
                long lastEnd = -1;
                StringBuilder said = new StringBuilder();
                for (int g = 0; g < groups.size(); g++) {
                    String text = (g == 0 ? lead : "") + String.join(" ", groups.get(g));
                    said.append(g == 0 ? "" : " … ").append(text);
                    EarCalls.Speech s = g == 0 ? EarCalls.say(caller, text)
                            : EarCalls.interject(caller, caller.voice().speak(text));
                    firstEnd = g == 0 ? s.endNanos() : firstEnd;
                    lastEnd = s.endNanos();
                    if (g < groups.size() - 1) {
                        Thread.sleep(600 + random.nextInt(601));
                    }
                }
                EarCalls.awaitTick(caller, lastEnd);
                boolean cutIn = caller.ear().lastAudible(firstEnd + 1, lastEnd) >= 0;
                // The reply to the whole number (the turn the first group opened) ends 1.6 s after it is last heard.
                EarCalls.firstAudibleMs(caller, lastEnd);
                EarCalls.awaitQuiet(caller, lastEnd, 1600);
                AgentTurn reply = caller.log().turns().get(caller.log().turns().size() - 1);
                String heard = reply.transcript(transcriber);
                boolean whole = heard.contains(String.join(" ", groups.stream().flatMap(List::stream).toList()));
                boolean pieces = heard.contains("so far");
                silent += cutIn ? 0 : 1;
                split += pieces ? 1 : 0;
                waited += cutIn || pieces ? 0 : 1;
                readBack += whole ? 1 : 0;
                done++;
                if (!used.contains(voice)) {
                    used.add(voice);
                }
                System.out.printf("  %-16s \"%s\": %s%s — \"%s\"%n", voice, said,
                        cutIn ? "agent spoke in a pause" : pieces ? "agent quiet, but got the number in pieces"
                                : "agent waited", whole ? ", read back whole" : "", heard);
                EarCalls.hangUp(caller);
            } catch (TimeoutException | RuntimeException e) {
                failures.add(voice + ": " + e.getMessage());
            }
        }
        return new Result(done, waited, silent, split, readBack, used, failures);
    }

    /** {@code digits} random digit words split into {@code count} groups of one or more. */
    private List<List<String>> groups(int digits, int count) {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < digits; i++) {
            all.add(DIGITS[random.nextInt(DIGITS.length)]);
        }
        List<List<String>> out = new ArrayList<>();
        int from = 0;
        for (int g = 0; g < count; g++) {
            int to = g == count - 1 ? digits : from + Math.max(1, (digits - from) / (count - g));
            out.add(all.subList(from, to));
            from = to;
        }
        return out;
    }
}
