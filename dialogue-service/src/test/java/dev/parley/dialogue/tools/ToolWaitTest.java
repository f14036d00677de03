package dev.parley.dialogue.tools;

import dev.parley.dialogue.brain.BrainOutput;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Filler speech while a tool works: only for a slow tool, always before the answer, gone with a barge-in. */
class ToolWaitTest {

    final ToolWait wait = new ToolWait(Duration.ofMillis(50), Infrastructure::getDefaultWorkerPool);
    final List<String> recorded = new CopyOnWriteArrayList<>();
    final Function<String, Multi<BrainOutput>> answer = item -> Multi.createFrom().items(
            new BrainOutput.Text("Order " + item + " has shipped."), new BrainOutput.Done("flow"));

    AssertSubscriber<BrainOutput> subscribe(Uni<String> pending) {
        return wait.answer(pending, "Let me check that order for you.", recorded::add, answer)
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
    }

    @Test
    void aToolThatAnswersAtOnceGetsNoFiller() {
        AssertSubscriber<BrainOutput> s = subscribe(Uni.createFrom().item("1234"));
        s.awaitCompletion(Duration.ofSeconds(10));
        assertEquals(List.of(new BrainOutput.Text("Order 1234 has shipped."), new BrainOutput.Done("flow")),
                s.getItems());
        assertEquals(List.of(), recorded);
    }

    @Test
    void aSlowToolGetsItsFillerFirstThenTheAnswer() {
        CompletableFuture<String> tool = new CompletableFuture<>();
        AssertSubscriber<BrainOutput> s = subscribe(Uni.createFrom().completionStage(tool));
        s.awaitItems(1, Duration.ofSeconds(10));
        tool.complete("1234");
        s.awaitCompletion(Duration.ofSeconds(10));
        assertEquals(List.of(new BrainOutput.Text("Let me check that order for you. "),
                new BrainOutput.Text("Order 1234 has shipped."), new BrainOutput.Done("flow")), s.getItems());
        assertEquals(List.of("Let me check that order for you. "), recorded);
    }

    @Test
    void aBargeInDuringTheWaitStopsEverythingAndCancelsTheTool() {
        CompletableFuture<String> tool = new CompletableFuture<>();
        AtomicBoolean toolCancelled = new AtomicBoolean();
        AssertSubscriber<BrainOutput> s = subscribe(Uni.createFrom().completionStage(tool)
                .onCancellation().invoke(() -> toolCancelled.set(true)));
        s.awaitItems(1, Duration.ofSeconds(10));
        s.cancel();
        tool.complete("1234");
        assertTrue(toolCancelled.get());
        assertEquals(1, s.getItems().size(), s.getItems().toString());
    }

    @Test
    void aFailedToolFailsTheStream() {
        AssertSubscriber<BrainOutput> s = subscribe(Uni.createFrom().failure(new IOException("down")));
        s.awaitFailure(Duration.ofSeconds(10));
        assertFalse(s.getItems().stream().anyMatch(o -> o instanceof BrainOutput.Text));
    }
}
