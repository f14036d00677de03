package dev.parley.e2e.failover;

import dev.parley.e2e.SampleCall;
import dev.parley.e2e.caller.AgentTurn;
import dev.parley.e2e.caller.CallReport;
import dev.parley.e2e.caller.CallScript;
import dev.parley.e2e.caller.CallerVoice;
import dev.parley.e2e.caller.SimulatedCaller;
import dev.parley.e2e.caller.TurnTranscriber;
import dev.parley.e2e.clinic.DemoClinic;
import dev.parley.e2e.stack.LocalStack;
import dev.parley.e2e.stack.Service;
import dev.parley.e2e.stack.StackConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * kill -9 of the backend instance carrying a call at a chosen moment of it, on a stack with two instances of each
 * backend, and what the caller lived through: the call must complete its script, every reply be heard within
 * {@link #HEARD_WITHIN_MS} of the same call with nothing killed, the whole call take at most
 * {@link #CALL_LONGER_BY_MS} longer, the gateway must have seen the stream fail and recover (where the stage had one
 * open), and a booking interrupted by the kill be made once.
 */
public final class KillMatrix {
    /** "Within 1 s of when the answer was due the caller hears the answer or the apology." */
    public static final long HEARD_WITHIN_MS = 1_000;
    /** The answer itself at most 1.5 s later than usual, plus the apology's own length when one played. */
    public static final long CALL_LONGER_BY_MS = 1_500 + 2_000;
    static final Duration STEP = Duration.ofSeconds(30);

    /** The moments of a call a backend dies at. */
    public enum Moment {
        SPEAKS("while the caller speaks"),
        GENERATES("while the brain answers"),
        PLAYS("while the agent's reply plays"),
        TOOL("while a 2 s booking runs");

        public final String words;

        Moment(String words) {
            this.words = words;
        }
    }

    /** One cell: what was killed when, how the call went, and every check that failed (none: it passed). */
    public record Cell(Faults.Fault fault, Service killed, Moment moment, CallReport report, boolean recovered, long replyMs,
                       long usualReplyMs, long bookings, List<String> failures) {
        public boolean passed() {
            return failures.isEmpty();
        }

        public String row() {
            return String.format(Locale.ROOT, "| %s %s | %s | %s | %s | %d ms (usually %d) | %.1f s | %s |",
                    fault.words, killed.name().toLowerCase(Locale.ROOT), moment.words, report == null ? "no" : "yes",
                    recovered ? "yes" : "no", replyMs, usualReplyMs,
                    report == null ? 0.0 : report.durationMs() / 1000.0,
                    failures.isEmpty() ? "passed" : String.join("; ", failures));
        }
    }

    private final LocalStack stack;
    private final Faults faults;
    private final TurnTranscriber transcriber;
    private final DemoClinic clinic;
    private final CallerVoice voice;
    private CallReport acmeBaseline;
    private CallReport brightsmileBaseline;

    public KillMatrix(LocalStack stack, Faults faults, TurnTranscriber transcriber, DemoClinic clinic,
                      CallerVoice voice) {
        this.stack = stack;
        this.faults = faults;
        this.transcriber = transcriber;
        this.clinic = clinic;
        this.voice = voice;
    }

    /**
     * The two calls with nothing killed that every cell is held against; the acme one asks the opening hours too
     * only if {@code withHours} (for the reply-plays cells).
     */
    public void baselines(boolean withHours) {
        acmeBaseline = run(withHours ? SampleCall.acmeScript() : acme(null, null), "acme", "baseline acme");
        brightsmileBaseline = run(brightsmile(null), "brightsmile", "baseline brightsmile");
    }

    /** Kills {@code victim} at {@code moment} of a call and checks the call; the instance is started again after. */
    public Cell kill(Service victim, Moment moment) throws Exception {
        return strike(Faults.Fault.KILL, victim, moment);
    }

    /**
     * Strikes {@code victim} with {@code fault} at {@code moment} of a call and checks the call; the instance is
     * started again after.
     */
    public Cell strike(Faults.Fault fault, Service victim, Moment moment) throws Exception {
        faults.using(fault);
        String stage = victim.name().toLowerCase(Locale.ROOT);
        String what = stage + " struck (" + fault.words + ") " + moment.words;
        CallScript script = switch (moment) {
            case SPEAKS -> acme(s -> s.meanwhile(fault.words + " the " + stage + " instance of this call, 1 s into the "
                    + "question", () -> faults.killServingLater(victim, 1_000)), null);
            case GENERATES -> acme(null, s -> s.meanwhile(fault.words + " the " + stage + " instance of this call as the "
                    + "turn reaches the brain", () -> {
                if (victim == Service.TTS) {
                    faults.killWhenServing(victim, 5_000);
                } else {
                    faults.killServingLater(victim, 300);
                }
            }));
            // The long answer (several phrases) of the opening-hours question. tts voices faster than real time and
            // its stream lives only while it does: it is struck as it voices the first phrase (by the time the phone
            // hears it, the stream has often ended); stt and dialogue 0.4 s into the reply at the phone.
            case PLAYS -> acmeHours(s -> victim == Service.TTS
                    ? s.meanwhile(fault.words + " the tts instance as it voices the reply",
                            () -> faults.killWhenServing(victim, 5_000))
                    : s.meanwhile(fault.words + " the " + stage + " instance of this call 0.4 s into the reply at the "
                            + "phone", caller -> {
                        awaitReplyAudio(caller);
                        faults.killServingLater(victim, 400);
                    }));
            case TOOL -> brightsmile(s -> s.meanwhile(fault.words + " the " + stage + " instance of this call while the "
                    + "booking runs", () -> faults.killServingLater(victim, 1_200)));
        };
        CallReport baseline = moment == Moment.TOOL ? brightsmileBaseline : acmeBaseline;
        String tenant = moment == Moment.TOOL ? "brightsmile" : "acme";
        int bookingsBefore = clinic.requests().size();
        double recoveredBefore = faults.recovered(stage);
        List<String> failures = new ArrayList<>();
        CallReport report = null;
        try {
            report = run(script, tenant, what);
        } catch (AssertionError | RuntimeException e) {
            failures.add("the call failed: " + firstLine(e.getMessage()));
        }
        faults.awaitRestarts();
        boolean recovered = faults.recovered(stage) > recoveredBefore;
        // A tts stream lives only while something is said: killed while nothing is, the next reply simply goes to
        // the other instance, with no outage to recover from.
        boolean streamWasOpen = !(victim == Service.TTS && moment == Moment.SPEAKS);
        if (streamWasOpen && !recovered && report != null) {
            failures.add("the gateway never saw its " + stage + " stream fail and recover: the kill missed the call");
        }
        // The reply the kill delayed most, beside the same reply with nothing killed.
        long replyMs = -1;
        long usualMs = -1;
        if (report != null) {
            for (int i = 1; i < report.turns().size(); i++) {
                long usual = usualLatency(baseline, report.turns().get(i).callerText());
                long now = report.turns().get(i).latencyMs();
                if (usual < 0) {
                    failures.add("turn " + i + " (\"" + report.turns().get(i).callerText() + "\") has no baseline");
                    continue;
                }
                if (replyMs < 0 || now - usual > replyMs - usualMs) {
                    replyMs = now;
                    usualMs = usual;
                }
                if (now > usual + HEARD_WITHIN_MS) {
                    failures.add("turn " + i + " heard after " + now + " ms, usually " + usual + " ms");
                }
            }
            long usualDuration = usualDuration(baseline, report);
            if (report.durationMs() > usualDuration + CALL_LONGER_BY_MS) {
                failures.add("the call took " + report.durationMs() + " ms, the same turns with nothing killed "
                        + usualDuration + " ms");
            }
        }
        long bookings = clinic.requests().subList(bookingsBefore, clinic.requests().size()).stream()
                .filter(r -> r.status() == 200 && !r.repeat()).count();
        if (moment == Moment.TOOL && bookings != 1) {
            failures.add("booked " + bookings + " times: " + clinic.requests().subList(bookingsBefore,
                    clinic.requests().size()));
        }
        faults.restartKilled();
        faults.using(Faults.Fault.KILL);
        Cell cell = new Cell(fault, victim, moment, report, recovered, replyMs, usualMs, bookings, failures);
        System.out.println("[failover] " + cell.row());
        return cell;
    }

    /** How long the reply to {@code callerText} took in {@code baseline}, or -1 if it was not said there. */
    private static long usualLatency(CallReport baseline, String callerText) {
        return baseline.turns().stream().filter(t -> Objects.equals(t.callerText(), callerText))
                .mapToLong(AgentTurn::latencyMs).findFirst().orElse(-1);
    }

    /**
     * How long {@code report}'s call would have taken with nothing killed: the baseline call less the turns it has
     * and this call has not (the acme cells ask one of its two questions), by each turn's length at the phone.
     */
    private static long usualDuration(CallReport baseline, CallReport report) {
        long ms = baseline.durationMs();
        List<String> asked = report.turns().stream().map(AgentTurn::callerText).toList();
        List<AgentTurn> turns = baseline.turns();
        for (int i = 1; i < turns.size(); i++) {
            if (!asked.contains(turns.get(i).callerText())) {
                ms -= turnLengthMs(turns, i);
            }
        }
        return ms;
    }

    /** From the caller ending turn {@code i}'s utterance to the caller ending the next one's. */
    private static long turnLengthMs(List<AgentTurn> turns, int i) {
        return i + 1 < turns.size()
                ? (turns.get(i + 1).callerEndedNanos() - turns.get(i).callerEndedNanos()) / 1_000_000 : 0;
    }

    /** Blocks until the phone hears the agent again (the reply to what the caller just said begins). */
    private static void awaitReplyAudio(SimulatedCaller caller) {
        long since = System.nanoTime();
        long until = since + 10_000_000_000L;
        while (caller.agentFramesSince(since).isEmpty()) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("no reply audio within 10 s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The acme call asking only for the opening hours, {@code whileAnswered} right after the question. */
    static CallScript acmeHours(UnaryOperator<CallScript> whileAnswered) {
        return whileAnswered.apply(new CallScript().awaitAgentTurn(STEP).say("what are your opening hours"))
                .expectReply(STEP, "nine", "six")
                .say("goodbye")
                .awaitHangUp(STEP);
    }

    /** The acme call, shortened to one question, with steps around it. */
    static CallScript acme(UnaryOperator<CallScript> beforeQuestion,
                           UnaryOperator<CallScript> afterQuestion) {
        CallScript s = new CallScript().awaitAgentTurn(STEP);
        if (beforeQuestion != null) {
            s = beforeQuestion.apply(s);
        }
        s = s.say("where is my order one two three four");
        if (afterQuestion != null) {
            s = afterQuestion.apply(s);
        }
        return s.expectReply(STEP, "shipped", "friday")
                .say("goodbye")
                .awaitHangUp(STEP);
    }

    /** The brightsmile booking, with {@code whileBooking} right after the caller confirms the patient number. */
    static CallScript brightsmile(UnaryOperator<CallScript> whileBooking) {
        CallScript s = new CallScript()
                .awaitAgentTurn(STEP)
                .say("i would like to book a check up")
                .expectReply(STEP, "patient", "number")
                .say("my patient number is four eight two nine one three")
                .expectReply(STEP, "check", "patient", "number")
                .say("yes that's right");
        if (whileBooking != null) {
            s = whileBooking.apply(s);
        }
        return s.expectReply(STEP, "check", "tuesday")
                .say("goodbye")
                .awaitHangUp(STEP);
    }

    /** Runs a script as a new call and checks it ended as calls do: the agent hung up after goodbye. */
    public CallReport run(CallScript script, String tenant, String what) {
        try (SimulatedCaller caller = call(tenant)) {
            CallReport report = script.run(caller, tenant, transcriber);
            System.out.println("[failover] " + what + ":");
            SampleCall.print(report);
            check(report.close().code() == 1000, what + ": " + report.close());
            check(!report.close().closedByCaller(), what + ": the agent hangs up after goodbye, as usual");
            check(report.protocolProblems().isEmpty(), what + ": " + report.protocolProblems());
            return report;
        }
    }

    public SimulatedCaller call(String tenant) {
        StackConfig c = stack.config();
        return SimulatedCaller.call(c.gatewayMediaUri(), c.secrets().twilioAuthToken(), tenant, voice,
                SampleCall.TURN_QUIET);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
