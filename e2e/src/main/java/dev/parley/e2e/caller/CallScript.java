package dev.parley.e2e.caller;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A scripted phone call: wait for the agent, say something, expect words in the agent's reply, wait for the agent to
 * hang up. A failing step stops the call and reports which step failed and everything said so far.
 */
public final class CallScript {
    private interface Action {
        void run(SimulatedCaller caller, TurnTranscriber transcriber) throws Exception;
    }

    private record Step(String description, Action action) {
    }

    private final List<Step> steps = new ArrayList<>();
    private final List<String> said = new ArrayList<>();

    /** What the caller says in this script, in order (benchmarks replay the lines on their own terms). */
    public List<String> utterances() {
        return List.copyOf(said);
    }

    /** Waits for the current agent turn (the greeting, at first) and checks it contains {@code words}. */
    public CallScript awaitAgentTurn(Duration timeout, String... words) {
        String what = words.length == 0 ? "" : " containing " + Arrays.toString(words);
        steps.add(new Step("await agent turn" + what, (caller, transcriber) ->
                expectWords(caller, timeout, transcriber, words)));
        return this;
    }

    public CallScript say(String text) {
        said.add(text);
        steps.add(new Step("say \"" + text + "\"", (caller, transcriber) -> caller.say(text)));
        return this;
    }

    /** Waits for the agent's reply to the last utterance and checks it contains every one of {@code words}. */
    public CallScript expectReply(Duration timeout, String... words) {
        steps.add(new Step("expect reply containing " + Arrays.toString(words), (caller, transcriber) ->
                expectWords(caller, timeout, transcriber, words)));
        return this;
    }

    /**
     * Runs {@code action} at this point of the call, between the caller's steps: a test's fault injected at a known
     * moment (an instance killed as the caller starts speaking, or just after the caller's question).
     */
    public CallScript meanwhile(String description, Runnable action) {
        steps.add(new Step(description, (caller, transcriber) -> action.run()));
        return this;
    }

    /** Runs {@code action} with the call's simulated phone at this point of the call (to wait for what it hears). */
    public CallScript meanwhile(String description, Consumer<SimulatedCaller> action) {
        steps.add(new Step(description, (caller, transcriber) -> action.accept(caller)));
        return this;
    }

    /** Sends a raw text frame, such as a malformed message, between media frames. */
    public CallScript sendRaw(String text) {
        steps.add(new Step("send raw frame " + text, (caller, transcriber) -> caller.sendRaw(text)));
        return this;
    }

    /** Waits for the gateway to end the call with a normal close (1000), as it does after goodbye or a transfer. */
    public CallScript awaitHangUp(Duration timeout) {
        steps.add(new Step("await the agent hanging up", (caller, transcriber) -> {
            CloseStatus status = caller.awaitClose(timeout);
            if (status.closedByCaller() || status.code() != 1000) {
                throw new IllegalStateException("expected the gateway to hang up with code 1000, but " + status);
            }
        }));
        return this;
    }

    /** The caller hangs up ({@code stop}, then a normal close). */
    public CallScript hangUp() {
        steps.add(new Step("hang up", (caller, transcriber) -> caller.hangUp(Duration.ofSeconds(10))));
        return this;
    }

    /**
     * Runs the steps in order on a connected caller and reports the call. The caller is hung up afterwards if the
     * script left the call open.
     *
     * @throws CallScriptFailure naming the failed step, with the conversation so far
     */
    public CallReport run(SimulatedCaller caller, String tenant, TurnTranscriber transcriber) {
        int n = 0;
        try {
            for (Step step : steps) {
                n++;
                step.action().run(caller, transcriber);
            }
            if (!caller.isClosed()) {
                caller.hangUp(Duration.ofSeconds(10));
            }
            CloseStatus close = caller.awaitClose(Duration.ofSeconds(10));
            CallLog log = caller.log();
            return new CallReport(caller.callSid(), tenant, log.turns(), close, log.durationMs(),
                    log.protocolProblems(), transcriber);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(caller, transcriber, n, "interrupted", e);
        } catch (Exception | AssertionError e) {
            throw failure(caller, transcriber, n, e.getMessage(), e);
        }
    }

    private CallScriptFailure failure(SimulatedCaller caller, TurnTranscriber transcriber, int stepNo, String why,
            Throwable cause) {
        String step = stepNo >= 1 && stepNo <= steps.size() ? steps.get(stepNo - 1).description() : "?";
        StringBuilder message = new StringBuilder();
        message.append("call ").append(caller.callSid()).append(" failed at step ").append(stepNo).append(" (")
                .append(step).append("): ").append(why).append('\n');
        message.append("conversation so far:\n").append(CallReport.conversation(caller.turns(), transcriber));
        List<String> problems = caller.log().protocolProblems();
        if (!problems.isEmpty()) {
            message.append("protocol problems: ").append(problems).append('\n');
        }
        return new CallScriptFailure(message.toString(), cause);
    }

    /**
     * Waits for the current agent turn and checks its words. If words are missing while the call goes on, the agent
     * may only have paused (filler speech while a tool runs): keep listening to the same turn until the timeout.
     */
    private static void expectWords(SimulatedCaller caller, Duration timeout, TurnTranscriber transcriber,
            String... words) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        AgentTurn turn = caller.awaitAgentTurn(timeout);
        while (true) {
            String transcript = turn.transcript(transcriber);
            List<String> missing = HeardWords.missing(transcript, words);
            if (missing.isEmpty()) {
                return;
            }
            long playedBefore = turn.playedMs();
            while (!(turn.isComplete() && turn.playedMs() > playedBefore)) {
                if (caller.isClosed() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("agent turn " + turn.index() + " lacks " + missing
                            + "; heard: \"" + transcript + "\"");
                }
                Thread.sleep(20);
            }
        }
    }
}
