package dev.parley.dialogue.session;

import dev.parley.dialogue.brain.Brain;
import dev.parley.dialogue.brain.BrainOutput;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.TurnInput;
import io.smallrye.mutiny.Multi;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wraps a real brain and holds back one turn's output after its first element until the test opens the gate, so a
 * test can act (cancel, send another turn) while that turn is mid-stream.
 */
final class GatedBrain implements Brain {

    private final Brain inner;
    private final long gatedTurn;
    private final Executor executor;
    final Semaphore gate = new Semaphore(0);
    final CountDownLatch gatedTurnFinished = new CountDownLatch(1);
    final AtomicReference<Conversation> conversation = new AtomicReference<>();

    GatedBrain(Brain inner, long gatedTurn, Executor executor) {
        this.inner = inner;
        this.gatedTurn = gatedTurn;
        this.executor = executor;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public Multi<BrainOutput> greet(Conversation c) {
        conversation.set(c);
        return inner.greet(c);
    }

    @Override
    public Multi<BrainOutput> respond(Conversation c, TurnInput input) {
        if (input.turnId() != gatedTurn) {
            return inner.respond(c, input);
        }
        return Multi.createFrom().emitter(out -> inner.respond(c, input).collect().asList().subscribe().with(
                items -> executor.execute(() -> emitGated(items, out))));
    }

    private void emitGated(List<BrainOutput> items, io.smallrye.mutiny.subscription.MultiEmitter<? super BrainOutput> out) {
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                gate.acquireUninterruptibly();
            }
            // Synchronous into the session: once this returns, the session has taken or dropped the element.
            out.emit(items.get(i));
        }
        out.complete();
        gatedTurnFinished.countDown();
    }
}
