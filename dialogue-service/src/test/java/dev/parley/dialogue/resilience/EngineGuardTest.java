package dev.parley.dialogue.resilience;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.subscription.MultiEmitter;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The FT guards over a stream: its first item's timeout, and the breaker over its whole outcome. FT's breaker reads the system clock, so the open period is short (150 ms) where a
 * test needs it to pass, and long where a test needs it not to; waits poll for the state, with generous limits.
 */
class EngineGuardTest {

    static final Duration LONG = Duration.ofSeconds(600);
    static final Duration WAIT = Duration.ofSeconds(10);

    /** A stream a test drives by hand: subscriptions and cancellations are counted. */
    static final class Upstream {
        final AtomicInteger subscribed = new AtomicInteger();
        final CountDownLatch cancelled = new CountDownLatch(1);
        final AtomicReference<MultiEmitter<? super String>> emitter = new AtomicReference<>();
        final Multi<String> multi = Multi.createFrom().<String>emitter(em -> {
            subscribed.incrementAndGet();
            emitter.set(em);
        }).onCancellation().invoke(cancelled::countDown);

        MultiEmitter<? super String> em() {
            return emitter.get();
        }
    }

    static AssertSubscriber<String> run(EngineGuard guard, Multi<String> upstream) {
        return guard.guard(upstream, "llm").subscribe().withSubscriber(AssertSubscriber.create(100));
    }

    static void fail(EngineGuard guard, int times) {
        for (int i = 0; i < times; i++) {
            AssertSubscriber<String> s = run(guard, Multi.createFrom().failure(new IOException("HTTP 500")));
            s.awaitFailure(WAIT);
            assertInstanceOf(IOException.class, s.getFailure(), "the engine's own error reaches the chain");
        }
    }

    static void succeed(EngineGuard guard) {
        run(guard, Multi.createFrom().items("ok")).awaitCompletion(WAIT);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < until, what);
            Thread.sleep(10);
        }
    }

    @Test
    void opensAfterConsecutiveFailuresOnlyAndThenRejectsWithoutSubscribing() {
        EngineGuard guard = new EngineGuard("t/llm", WAIT, 3, LONG);
        fail(guard, 2);
        succeed(guard);
        fail(guard, 2);
        assertFalse(guard.isOpen(), "a success in between breaks the run");
        fail(guard, 1);
        assertTrue(guard.isOpen());

        Upstream up = new Upstream();
        AssertSubscriber<String> s = run(guard, up.multi);
        s.awaitFailure(WAIT);
        assertInstanceOf(CircuitBreakerOpenException.class, s.getFailure());
        assertEquals(0, up.subscribed.get(), "an open breaker keeps the request from being sent");
    }

    @Test
    void letsOneTrialThroughAfterTheOpenPeriodAndClosesWhenItsStreamSucceeds() throws Exception {
        EngineGuard guard = new EngineGuard("t/llm", WAIT, 2, Duration.ofMillis(150));
        fail(guard, 2);
        await(() -> !guard.isOpen(), "the breaker never half-opened");

        Upstream trial = new Upstream();
        AssertSubscriber<String> t = run(guard, trial.multi);
        assertEquals(1, trial.subscribed.get());
        trial.em().emit("first");
        AssertSubscriber<String> other = run(guard, Multi.createFrom().items("x"));
        other.awaitFailure(WAIT);
        assertInstanceOf(CircuitBreakerOpenException.class, other.getFailure(),
                "one trial at a time, until the trial's stream has ended");

        trial.em().complete();
        t.awaitCompletion(WAIT);
        assertEquals(List.of("first"), t.getItems());
        run(guard, Multi.createFrom().items("x")).awaitCompletion(WAIT);
    }

    @Test
    void aFailedTrialOpensTheBreakerAgain() throws Exception {
        EngineGuard guard = new EngineGuard("t/llm", WAIT, 2, Duration.ofMillis(150));
        fail(guard, 2);
        await(() -> !guard.isOpen(), "the breaker never half-opened");
        fail(guard, 1);
        assertTrue(guard.isOpen(), "one failed trial is enough");
    }

    @Test
    void aBargeInBeforeTheFirstItemCancelsTheUpstreamAndIsNoFailure() throws Exception {
        EngineGuard guard = new EngineGuard("t/llm", WAIT, 1, LONG);
        Upstream up = new Upstream();
        AssertSubscriber<String> s = run(guard, up.multi);
        s.cancel();
        assertTrue(up.cancelled.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the upstream was left running");
        assertFalse(guard.isOpen(), "with failures: 1, a counted barge-in would have opened the breaker");
        succeed(guard);
    }

    @Test
    void aBargeInDuringTheHalfOpenTrialFreesTheTrialSlot() throws Exception {
        EngineGuard guard = new EngineGuard("t/llm", WAIT, 1, Duration.ofMillis(150));
        fail(guard, 1);
        await(() -> !guard.isOpen(), "the breaker never half-opened");
        Upstream trial = new Upstream();
        run(guard, trial.multi).cancel();
        assertTrue(trial.cancelled.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        succeed(guard);
    }

    @Test
    void aLateFirstItemTimesOutCancelsTheUpstreamAndCounts() throws Exception {
        EngineGuard guard = new EngineGuard("t/llm", Duration.ofMillis(50), 1, LONG);
        Upstream up = new Upstream();
        AssertSubscriber<String> s = run(guard, up.multi);
        s.awaitFailure(WAIT);
        assertInstanceOf(StreamTimeouts.StreamTimeoutException.class, s.getFailure());
        assertEquals("llm: nothing within 50 ms", s.getFailure().getMessage());
        assertTrue(up.cancelled.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the timed-out request still runs");
        assertTrue(guard.isOpen());
    }

    @Test
    void itemsFlowOnTheUpstreamsThreadAndAFailureMidStreamCountsTowardTheBreaker() throws Exception {
        EngineGuard guard = new EngineGuard("t/llm", WAIT, 2, LONG);
        for (int i = 0; i < 2; i++) {
            assertFalse(guard.isOpen(), "opened after " + i + " failed streams");
            Upstream up = new Upstream();
            AtomicReference<Thread> seenOn = new AtomicReference<>();
            AssertSubscriber<String> s = guard.guard(up.multi, "llm").invoke(item -> seenOn.compareAndSet(null,
                    Thread.currentThread())).subscribe().withSubscriber(AssertSubscriber.create(100));
            Thread provider = new Thread(() -> {
                up.em().emit("a");
                up.em().emit("b");
                up.em().fail(new IOException("connection reset"));
            }, "provider");
            provider.start();
            provider.join();

            s.awaitFailure(WAIT);
            assertEquals(List.of("a", "b"), s.getItems());
            assertSame(provider, seenOn.get(), "the guard moved the stream to another thread");
            assertInstanceOf(IOException.class, s.getFailure());
        }
        assertTrue(guard.isOpen(), "an engine that drops every answer midway is as broken as one that never starts");
    }

    @Test
    void theChainHearsOfAStreamsEndOnlyOnceTheBreakerHasCountedIt() throws Exception {
        for (int i = 0; i < 50; i++) {
            EngineGuard guard = new EngineGuard("t/llm", WAIT, 1, LONG);
            AtomicReference<Boolean> openWhenFailed = new AtomicReference<>();
            AssertSubscriber<String> s = guard.guard(Multi.createFrom().<String>emitter(em -> {
                        em.emit("a");
                        em.fail(new IOException("connection reset"));
                    }), "llm")
                    .onFailure().invoke(error -> openWhenFailed.set(guard.isOpen()))
                    .subscribe().withSubscriber(AssertSubscriber.create(100));
            s.awaitFailure(WAIT);
            assertTrue(openWhenFailed.get(), "the next turn would still try the engine the breaker is about to shut");
        }
    }

    @Test
    void aBargeInMidStreamIsNoFailure() throws Exception {
        EngineGuard guard = new EngineGuard("t/llm", WAIT, 1, LONG);
        Upstream up = new Upstream();
        AssertSubscriber<String> s = run(guard, up.multi);
        up.em().emit("Sure, let me");
        s.awaitItems(1, WAIT);
        s.cancel();
        assertTrue(up.cancelled.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the upstream was left running");
        assertFalse(guard.isOpen());
        succeed(guard);
        assertFalse(guard.isOpen());
    }
}
