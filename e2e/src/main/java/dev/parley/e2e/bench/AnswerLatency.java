package dev.parley.e2e.bench;

import dev.parley.e2e.caller.CallerVoice;
import dev.parley.e2e.caller.SimulatedCaller;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * End of caller speech → first audible agent audio, at the phone, on complete questions: the tenants' sample calls
 * and the held-out paraphrases, each call in another caller voice (none of them the agent's). Lines that read out a
 * number are kept apart (dictation turns). Also the greeting: call start → first audible audio.
 */
final class AnswerLatency {
    /** The figures of one run; every list holds milliseconds. */
    record Result(List<Long> sample, List<Long> heldOut, List<Long> dictation, List<Long> greetings,
            List<String> unanswered) {
        List<Long> complete() {
            List<Long> all = new ArrayList<>(sample);
            all.addAll(heldOut);
            return all;
        }
    }

    private final EarCalls calls;
    private final List<String> voices;
    private int nextVoice;

    AnswerLatency(EarCalls calls, List<String> voices) {
        this.calls = calls;
        this.voices = voices;
    }

    /** The sample calls {@code rounds} times per tenant, and the held-out set once. */
    Result run(int sampleRounds) throws InterruptedException {
        Result result = new Result(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>());
        for (int r = 0; r < sampleRounds; r++) {
            for (String tenant : Questions.TENANTS) {
                ask(tenant, Questions.sampleCall(tenant), result);
            }
        }
        List<Questions.Question> heldOut = Questions.heldOut();
        for (String tenant : Questions.TENANTS) {
            List<Questions.Question> mine = heldOut.stream().filter(q -> q.tenant().equals(tenant)).toList();
            for (List<Questions.Question> call : Questions.intoCalls(mine, 3)) {
                ask(tenant, call, result);
            }
        }
        return result;
    }

    /** {@code questions} in one call to {@code tenant}; returns each reply's latency (-1: no reply heard). */
    List<Long> askInOneCall(String tenant, List<String> questions, List<Long> greetings)
            throws InterruptedException, TimeoutException {
        String voice = voice();
        List<Long> out = new ArrayList<>();
        try (SimulatedCaller caller = calls.dial(tenant, voice)) {
            greetings.add(EarCalls.firstAudibleMs(caller, caller.startedNanos()));
            for (String q : questions) {
                EarCalls.Speech speech = EarCalls.say(caller, q);
                out.add(EarCalls.firstAudibleMs(caller, speech.endNanos()));
                awaitReply(caller);
            }
            EarCalls.hangUp(caller);
        }
        return out;
    }

    private void ask(String tenant, List<Questions.Question> questions, Result result) throws InterruptedException {
        List<Long> latencies;
        try {
            latencies = askInOneCall(tenant, questions.stream().map(Questions.Question::text).toList(),
                    result.greetings());
        } catch (TimeoutException | RuntimeException e) {
            result.unanswered().add(tenant + ": call failed: " + e.getMessage());
            return;
        }
        for (int i = 0; i < questions.size(); i++) {
            Questions.Question q = questions.get(i);
            long ms = i < latencies.size() ? latencies.get(i) : -1;
            if (ms < 0) {
                result.unanswered().add(tenant + ": \"" + q.text() + "\"");
            } else if (q.dictation()) {
                result.dictation().add(ms);
            } else if (q.heldOut()) {
                result.heldOut().add(ms);
            } else {
                result.sample().add(ms);
            }
            System.out.printf("  %-11s %-16s %5d ms  \"%s\"%n", tenant, q.dictation() ? "dictation"
                    : q.heldOut() ? "held-out" : "sample call", ms, q.text());
        }
    }

    /** Waits for the reply to end (the line quiet for 1.5 s), or the call to end. */
    private static void awaitReply(SimulatedCaller caller) throws InterruptedException {
        try {
            caller.awaitAgentTurn(Duration.ofSeconds(30));
        } catch (TimeoutException e) {
            // No complete reply: the latency says so (-1); the next question still gets asked.
        }
    }

    private String voice() {
        String v = voices.get(nextVoice % voices.size());
        nextVoice++;
        return v;
    }

    static List<String> defaultVoices() {
        return CallerVoice.OTHER_VOICES;
    }
}
