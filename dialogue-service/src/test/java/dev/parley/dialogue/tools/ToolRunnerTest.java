package dev.parley.dialogue.tools;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.contracts.events.ToolInvoked;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.context.CallFacts;
import dev.parley.dialogue.context.CallState;
import dev.parley.dialogue.support.RecordingEventPublisher;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How tool runs relate to turns: interruptible ones stop with a barge-in, actions run once and are remembered. */
class ToolRunnerTest {

    /** A webhook tool "book" taking a patient number, as the test tools here describe themselves. */
    static ToolDefinition bookingDefinition(boolean interruptible) {
        ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
        schema.putObject("properties").putObject("patient").put("type", "string");
        return new ToolDefinition.Webhook(null, "http://127.0.0.1/book", null, null, schema, null, interruptible, null,
                null, null);
    }

    /** A tool whose runs the test completes by hand. */
    static final class ManualTool implements Tool {
        final ToolDefinition definition;
        final List<CompletableFuture<ToolResult>> runs = new CopyOnWriteArrayList<>();
        final AtomicInteger cancelled = new AtomicInteger();

        ManualTool(boolean interruptible) {
            definition = bookingDefinition(interruptible);
        }

        @Override
        public String name() {
            return "book";
        }

        @Override
        public ToolDefinition definition() {
            return definition;
        }

        @Override
        public Uni<ToolResult> invoke(ToolCall call) {
            CompletableFuture<ToolResult> run = new CompletableFuture<>();
            runs.add(run);
            return Uni.createFrom().completionStage(run).onCancellation().invoke(cancelled::incrementAndGet);
        }
    }

    final RecordingEventPublisher events = new RecordingEventPublisher();
    final ToolRunner runner = new ToolRunner(events);
    final Conversation call = new Conversation("brightsmile", "CA-9", Map.of());
    static final ToolResult BOOKED = ToolResult.found(Map.of("day", "Tuesday", "time", "10 am"));

    UniAssertSubscriber<ToolResult> run(Tool tool, long turn, String patient) {
        return runner.run(tool, call, turn, Map.of("patient", patient)).subscribe()
                .withSubscriber(UniAssertSubscriber.create());
    }

    @Test
    void anActionRunsToItsEndThroughABargeInAndIsNeverRunTwiceForTheSameArguments() {
        ManualTool booking = new ManualTool(false);
        UniAssertSubscriber<ToolResult> turn1 = run(booking, 1, "482913");
        CallState state = CallState.of(call);
        assertEquals(List.of("Open: book {patient=482913} is still running (started in turn 1); its result is not "
                + "known yet."), state.lines(call, 1));
        turn1.cancel(); // the caller barged in while the booking was on its way
        assertEquals(0, booking.cancelled.get(), "a barge-in must not cancel a booking");
        booking.runs.get(0).complete(BOOKED);
        assertEquals(List.of("Open: book {patient=482913} finished after the caller interrupted turn 1; they have "
                + "not heard the outcome."), state.lines(call, 2));

        // The result is in the call's facts, where the next turn (and an LLM's prompt) finds it.
        CallFacts facts = call.brainState(CallFacts.KEY, CallFacts.class, CallFacts::new);
        assertEquals(List.of("book {patient=482913} -> {\"found\":true,\"day\":\"Tuesday\",\"time\":\"10 am\"}"),
                facts.lines());
        assertEquals(1, events.ofType(ToolInvoked.class).size());

        // The caller asks again: the booking already made answers, nothing runs a second time.
        assertEquals(BOOKED, run(booking, 2, "482913").awaitItem(Duration.ofSeconds(5)).getItem());
        assertEquals(1, booking.runs.size());
        assertEquals(List.of(), state.lines(call, 2), "turn 2 has the outcome to tell");
        // Other arguments are another booking.
        run(booking, 3, "550012");
        assertEquals(2, booking.runs.size());
    }

    @Test
    void aSecondAskWhileTheActionIsStillRunningJoinsIt() {
        ManualTool booking = new ManualTool(false);
        UniAssertSubscriber<ToolResult> first = run(booking, 1, "482913");
        UniAssertSubscriber<ToolResult> second = run(booking, 2, "482913");
        booking.runs.get(0).complete(BOOKED);
        assertEquals(BOOKED, first.awaitItem(Duration.ofSeconds(5)).getItem());
        assertEquals(BOOKED, second.awaitItem(Duration.ofSeconds(5)).getItem());
        assertEquals(1, booking.runs.size());
        assertEquals(List.of(), CallState.of(call).lines(call, 2), "heard through: nothing open");
    }

    @Test
    void aFailedActionMayBeRetried() {
        ManualTool booking = new ManualTool(false);
        UniAssertSubscriber<ToolResult> first = run(booking, 1, "482913");
        booking.runs.get(0).completeExceptionally(new IOException("timeout"));
        first.awaitFailure(Duration.ofSeconds(5));
        run(booking, 2, "482913");
        assertEquals(2, booking.runs.size());
    }

    @Test
    void anInterruptibleLookupStopsWithTheBargeInAndRunsAgainWhenAskedAgain() {
        ManualTool lookup = new ManualTool(true);
        run(lookup, 1, "482913").cancel();
        assertEquals(1, lookup.cancelled.get());
        run(lookup, 2, "482913");
        assertEquals(2, lookup.runs.size());
        assertTrue(events.ofType(ToolInvoked.class).isEmpty(), "a cancelled run reports nothing");
    }
}
