package dev.parley.e2e.bench.load;

import dev.parley.e2e.caller.AgentTurn;
import dev.parley.e2e.caller.CallerVoice;
import dev.parley.e2e.caller.CloseStatus;
import dev.parley.e2e.caller.HeardWords;
import dev.parley.e2e.caller.SimulatedCaller;
import dev.parley.e2e.caller.TurnTranscriber;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One load call: acme's sample call (order status, opening hours, goodbye) run in real time with nothing but
 * recording on the caller's side; transcribing and checking the agent's words happens in {@link #score} after the
 * run, so the callers do not compete with the stack for CPU. A short call (greeting, goodbye) serves the soak.
 */
final class ScriptedCall {
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
    /** Caller utterance and the words the agent's reply must contain. */
    record Exchange(String say, String... expect) {
    }

    static final List<Exchange> SAMPLE = List.of(
            new Exchange("where is my order one two three four", "shipped", "friday"),
            new Exchange("what are your opening hours", "nine", "six"));

    private final int index;
    private final List<Exchange> exchanges;
    private final List<AgentTurn> replies = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private SimulatedCaller caller;
    private CloseStatus close;
    private String failure;
    private long endNanos;

    private ScriptedCall(int index, List<Exchange> exchanges) {
        this.index = index;
        this.exchanges = exchanges;
    }

    /** Places the call and runs it to its end on the calling thread; never throws. */
    static ScriptedCall run(int index, URI gateway, String token, CallerVoice voice, List<Exchange> exchanges) {
        ScriptedCall call = new ScriptedCall(index, exchanges);
        call.runScript(gateway, token, voice);
        return call;
    }

    private void runScript(URI gateway, String token, CallerVoice voice) {
        try {
            caller = SimulatedCaller.call(gateway, token, "acme", voice, Duration.ofMillis(1500));
            caller.awaitAgentTurn(STEP_TIMEOUT);
            for (Exchange exchange : exchanges) {
                caller.say(exchange.say());
                replies.add(caller.awaitAgentTurn(STEP_TIMEOUT));
            }
            caller.say("goodbye");
            close = caller.awaitClose(STEP_TIMEOUT);
        } catch (Exception e) {
            failure = e.getMessage() == null ? e.toString() : e.getMessage();
        } finally {
            if (caller != null && !caller.isClosed()) {
                try {
                    close = caller.hangUp(Duration.ofSeconds(10));
                } catch (Exception e) {
                    failure = failure == null ? "hang-up: " + e : failure;
                }
            }
            if (close == null && caller != null && caller.isClosed()) {
                try {
                    close = caller.awaitClose(Duration.ofSeconds(1));
                } catch (Exception ignored) {
                    // no close status to report
                }
            }
            endNanos = System.nanoTime();
        }
    }

    /** The gateway refused the call (1013, all lines busy). */
    boolean refused() {
        return close != null && close.code() == 1013;
    }

    /** When the call was placed, on {@link System#nanoTime()}'s clock. */
    long startNanos() {
        return startNanos;
    }

    /** From placing the call to its end (for a refused call: to the refusal). */
    long durationMs() {
        return (endNanos - startNanos) / 1_000_000;
    }

    /** The call ran to the agent's goodbye. */
    boolean completed() {
        return failure == null && close != null && !close.closedByCaller() && close.code() == 1000;
    }

    /** End of caller speech → first agent audio at the phone, per reply. */
    List<Long> latenciesMs() {
        List<Long> out = new ArrayList<>();
        for (AgentTurn turn : replies) {
            if (turn.latencyMs() >= 0) {
                out.add(turn.latencyMs());
            }
        }
        return out;
    }

    /** After the run: null when every check passed, else what failed. */
    String score(TurnTranscriber transcriber) {
        if (failure != null) {
            return "call " + index + ": " + failure;
        }
        if (!completed()) {
            return "call " + index + ": ended with " + close + " instead of the agent's goodbye";
        }
        if (!caller.log().protocolProblems().isEmpty()) {
            return "call " + index + ": protocol problems " + caller.log().protocolProblems();
        }
        for (int i = 0; i < exchanges.size(); i++) {
            String heard = transcriber.transcribe(replies.get(i).playedAudio());
            List<String> missing = HeardWords.missing(heard, exchanges.get(i).expect());
            if (!missing.isEmpty()) {
                return "call " + index + ": reply to \"" + exchanges.get(i).say() + "\" lacks " + missing
                        + "; heard \"" + heard + "\"";
            }
        }
        return null;
    }

    void close() {
        if (caller != null) {
            caller.close();
        }
    }
}
