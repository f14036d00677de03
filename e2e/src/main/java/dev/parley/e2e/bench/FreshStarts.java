package dev.parley.e2e.bench;

import dev.parley.e2e.stack.LocalStack;
import dev.parley.e2e.stack.StackConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The first call after a fresh start against a warm one: the local stack stopped and started again as
 * {@code ./parley down} and {@code ./parley up} do (without {@code up}'s sample call, which would warm it), then
 * a call that is greeted and asks one question, then the same call again. Medians over the starts.
 */
final class FreshStarts {
    private static final String QUESTION = "what are your opening hours";
    /**
     * Calls between the first and the warm one: the second call after a start still runs code the first only queued
     * for compilation (its greeting was 3x a later call's), so comparing with it flatters the first call.
     */
    private static final int UNMEASURED_CALLS = 2;

    record Result(List<Long> firstGreetings, List<Long> firstAnswers, List<Long> warmGreetings,
            List<Long> warmAnswers) {
        static double ratio(List<Long> first, List<Long> warm) {
            long w = Percentiles.of(warm, 50);
            return w <= 0 ? Double.NaN : (double) Percentiles.of(first, 50) / w;
        }
    }

    private final EarCalls calls;
    private final StackConfig stack;

    FreshStarts(EarCalls calls, StackConfig stack) {
        this.calls = calls;
        this.stack = stack;
    }

    Result run(int starts, List<String> voices) throws Exception {
        Result result = new Result(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        AnswerLatency answers = new AnswerLatency(calls, voices);
        for (int i = 0; i < starts; i++) {
            System.out.println("  fresh start " + (i + 1) + ": stopping the stack");
            LocalStack.stopDetached(stack, line -> { });
            long t0 = System.nanoTime();
            LocalStack.start(stack, line -> { });
            System.out.printf("  fresh start %d: ready after %.1f s%n", i + 1, (System.nanoTime() - t0) / 1e9);
            List<Long> greeting = new ArrayList<>();
            List<Long> first = answers.askInOneCall("acme", List.of(QUESTION), greeting);
            for (int call = 0; call < UNMEASURED_CALLS; call++) {
                answers.askInOneCall("acme", List.of(QUESTION), new ArrayList<>());
            }
            List<Long> warmGreeting = new ArrayList<>();
            List<Long> warm = answers.askInOneCall("acme", List.of(QUESTION), warmGreeting);
            result.firstGreetings().addAll(greeting);
            result.firstAnswers().addAll(first);
            result.warmGreetings().addAll(warmGreeting);
            result.warmAnswers().addAll(warm);
            System.out.printf("  fresh start %d: first call greeting %d ms, answer %d ms; warm (fourth) call %d ms, "
                    + "%d ms%n", i + 1, greeting.get(0), first.get(0), warmGreeting.get(0), warm.get(0));
        }
        return result;
    }
}
