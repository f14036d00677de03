package dev.parley.dialogue.resilience;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.enterprise.util.TypeLiteral;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One tenant engine's SmallRye Fault Tolerance guard over the start of its streams: a stream must yield its first item
 * within {@code firstItem} (the time-to-first-token limit), and after {@code failures} streams in a row that failed or
 * timed out before their first item, the circuit breaker rejects streams for {@code openFor}, then lets one trial
 * through (its success closes the breaker, its failure opens it again).
 *
 * <p>FT sees a stream as a {@code Uni} that completes with the stream's first item; the items themselves go straight
 * from the upstream's thread to the downstream (no thread hop, no FT work after the first item). Later stalls are
 * {@link StreamTimeouts}' concern. FT's Mutiny support neither cancels a guarded {@code Uni} on timeout nor passes a
 * cancellation on, so this class does both: on a timeout the upstream is cancelled (aborting its HTTP exchange), and a
 * downstream cancel (barge-in) before the first item cancels the upstream and ends the FT invocation as a success —
 * a barge-in proves nothing against the engine, and FT has no neutral outcome (an invocation left open would hold
 * the half-open breaker's one trial forever).
 */
public final class EngineGuard {

    private static final int WAITING = 0;
    private static final int STARTED = 1;
    private static final int OVER = 2;

    private final TypedGuard<Uni<Boolean>> guard;
    private final Duration firstItem;
    private volatile CircuitBreakerState state = CircuitBreakerState.CLOSED;

    /** @param name names the engine in FT's metrics ({@code ft.*} with {@code method=name}) */
    public EngineGuard(String name, Duration firstItem, int failures, Duration openFor) {
        this.firstItem = firstItem;
        this.guard = TypedGuard.create(new TypeLiteral<Uni<Boolean>>() {
                })
                .withDescription(name)
                .withTimeout().duration(firstItem.toMillis(), ChronoUnit.MILLIS).done()
                .withCircuitBreaker()
                // A window of the last `failures` streams that opens when all of them failed: N failures in a row.
                .requestVolumeThreshold(failures).failureRatio(1.0).successThreshold(1)
                .delay(openFor.toMillis(), ChronoUnit.MILLIS)
                .onStateChange(s -> state = s)
                .done()
                .build();
    }

    /** Whether the breaker is open: a stream started now would be rejected without reaching the engine. */
    public boolean isOpen() {
        return state == CircuitBreakerState.OPEN;
    }

    /**
     * @return {@code upstream}, failing with {@link StreamTimeouts.StreamTimeoutException} if its first item is late,
     * or with FT's {@code CircuitBreakerOpenException} without being subscribed while the breaker is open
     */
    public <T> Multi<T> guard(Multi<T> upstream, String what) {
        return Multi.createFrom().emitter(downstream -> new Start<>(upstream, downstream, what).run());
    }

    /** One guarded stream; {@code phase} moves once from WAITING, to STARTED by the first item or to OVER otherwise. */
    private final class Start<T> {
        final AtomicInteger phase = new AtomicInteger(WAITING);
        final Multi<T> upstream;
        final MultiEmitter<? super T> downstream;
        final String what;
        volatile UniEmitter<? super Boolean> verdict;
        volatile Cancellable subscription;
        volatile boolean cancelled;

        Start(Multi<T> upstream, MultiEmitter<? super T> downstream, String what) {
            this.upstream = upstream;
            this.downstream = downstream;
            this.what = what;
        }

        void run() {
            downstream.onTermination(() -> {
                cancelUpstream();
                if (phase.compareAndSet(WAITING, OVER)) {
                    UniEmitter<? super Boolean> v = verdict;
                    if (v != null) {
                        v.complete(Boolean.FALSE);
                    }
                }
            });
            guard.get(() -> Uni.createFrom().<Boolean>emitter(this::subscribe)).subscribe().with(ignored -> {
            }, this::rejected);
        }

        /** Runs inside the FT invocation: the breaker let the stream through and the timeout is running. */
        private void subscribe(UniEmitter<? super Boolean> v) {
            verdict = v;
            if (phase.get() != WAITING) {
                v.complete(Boolean.FALSE);
                return;
            }
            Cancellable s = upstream.subscribe().with(this::item, this::failure, this::completion);
            subscription = s;
            if (cancelled) {
                s.cancel();
            }
        }

        private void item(T item) {
            int p = phase.get();
            if (p == STARTED) {
                downstream.emit(item);
            } else if (p == WAITING && phase.compareAndSet(WAITING, STARTED)) {
                // The caller's first words before FT's bookkeeping.
                downstream.emit(item);
                verdict.complete(Boolean.TRUE);
            }
        }

        private void failure(Throwable error) {
            int p = phase.get();
            if (p == STARTED) {
                downstream.fail(error);
            } else if (p == WAITING) {
                verdict.fail(error); // counted by the breaker, then back through rejected()
            }
        }

        private void completion() {
            if (phase.get() == STARTED) {
                downstream.complete();
            } else if (phase.compareAndSet(WAITING, OVER)) {
                verdict.complete(Boolean.TRUE);
                downstream.complete();
            }
        }

        /** FT ended the invocation with a failure: the upstream's, a timeout, or an open breaker. */
        private void rejected(Throwable error) {
            if (phase.compareAndSet(WAITING, OVER)) {
                cancelUpstream();
                downstream.fail(error instanceof TimeoutException
                        ? new StreamTimeouts.StreamTimeoutException(
                        what + ": nothing within " + firstItem.toMillis() + " ms")
                        : error);
            }
        }

        private void cancelUpstream() {
            cancelled = true;
            Cancellable s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
