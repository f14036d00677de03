package dev.parley.dialogue.resilience;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamTimeoutsTest {

    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void aStreamThatNeverStartsFailsAndIsCancelled() throws Exception {
        CountDownLatch cancelled = new CountDownLatch(1);
        Multi<String> never = Multi.createFrom().<String>nothing().onCancellation().invoke(cancelled::countDown);
        AssertSubscriber<String> sub = StreamTimeouts.firstAndIdle(never, Duration.ofMillis(50),
                Duration.ofSeconds(10), timer, "llm").subscribe().withSubscriber(AssertSubscriber.create(10));
        sub.awaitFailure(Duration.ofSeconds(10));
        assertInstanceOf(StreamTimeouts.StreamTimeoutException.class, sub.getFailure());
        assertTrue(sub.getFailure().getMessage().contains("nothing within 50 ms"));
        assertTrue(cancelled.await(5, TimeUnit.SECONDS));
    }

    @Test
    void aStreamThatStallsAfterItsFirstItemFailsWithWhatItSaid() {
        Multi<String> stalls = Multi.createBy().concatenating().streams(Multi.createFrom().items("a", "b"),
                Multi.createFrom().nothing());
        AssertSubscriber<String> sub = StreamTimeouts.firstAndIdle(stalls, Duration.ofSeconds(10),
                Duration.ofMillis(50), timer, "llm").subscribe().withSubscriber(AssertSubscriber.create(10));
        sub.awaitFailure(Duration.ofSeconds(10));
        assertEquals(List.of("a", "b"), sub.getItems());
        assertTrue(sub.getFailure().getMessage().contains("stalled for 50 ms"));
    }

    @Test
    void idleAfterFirstLeavesTheWaitForTheFirstItemAlone() {
        Multi<String> slowStart = Uni.createFrom().item("a").onItem().delayIt().by(Duration.ofMillis(200)).toMulti();
        AssertSubscriber<String> sub = StreamTimeouts.idleAfterFirst(slowStart, Duration.ofMillis(50), timer, "llm")
                .subscribe().withSubscriber(AssertSubscriber.create(10));
        sub.awaitCompletion(Duration.ofSeconds(10));
        assertEquals(List.of("a"), sub.getItems());
    }

    @Test
    void idleAfterFirstFailsAStallAndCancelsTheUpstream() throws Exception {
        CountDownLatch cancelled = new CountDownLatch(1);
        Multi<String> stalls = Multi.createBy().concatenating().streams(Multi.createFrom().items("a"),
                Multi.createFrom().<String>nothing()).onCancellation().invoke(cancelled::countDown);
        AssertSubscriber<String> sub = StreamTimeouts.idleAfterFirst(stalls, Duration.ofMillis(50), timer, "llm")
                .subscribe().withSubscriber(AssertSubscriber.create(10));
        sub.awaitFailure(Duration.ofSeconds(10));
        assertEquals(List.of("a"), sub.getItems());
        assertEquals("llm: stalled for 50 ms", sub.getFailure().getMessage());
        assertTrue(cancelled.await(5, TimeUnit.SECONDS));
    }

    @Test
    void aPromptStreamPassesThroughUntouched() {
        AssertSubscriber<String> sub = StreamTimeouts.firstAndIdle(Multi.createFrom().items("x", "y"),
                Duration.ofSeconds(10), Duration.ofSeconds(10), timer, "llm")
                .subscribe().withSubscriber(AssertSubscriber.create(10));
        sub.awaitCompletion(Duration.ofSeconds(10));
        assertEquals(List.of("x", "y"), sub.getItems());
    }
}
