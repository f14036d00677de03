package dev.parley.dialogue.drain;

import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.dialogue.v1.TurnDone;
import io.grpc.Status;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A draining instance lets a call's answer finish, then ends the stream for the gateway to resume elsewhere. */
class ConversationDrainTest {
    static final DialogueResponse TEXT = DialogueResponse.newBuilder().setTurnId(3).setTextDelta("It shipped.").build();
    static final DialogueResponse DONE = DialogueResponse.newBuilder().setTurnId(3)
            .setDone(TurnDone.newBuilder().setBrain("flow")).build();
    static final DialogueResponse NEXT = DialogueResponse.newBuilder().setTurnId(4).setTextDelta("Anything else?")
            .build();

    final ConversationDrain drain = new ConversationDrain();

    @Test
    void anInstanceNotDrainingPassesEverythingOn() {
        AssertSubscriber<DialogueResponse> out = drain.endingAtTurnBoundaries(Multi.createFrom().items(TEXT, DONE, NEXT))
                .subscribe().withSubscriber(AssertSubscriber.create(10));
        out.assertCompleted();
        assertEquals(List.of(TEXT, DONE, NEXT), out.getItems());
    }

    @Test
    void aDrainingInstanceEndsTheStreamRightAfterTheAnswersDone() {
        drain.onShutdown(new ShutdownDelayInitiatedEvent());
        AssertSubscriber<DialogueResponse> out = drain.endingAtTurnBoundaries(Multi.createFrom().items(TEXT, DONE, NEXT))
                .subscribe().withSubscriber(AssertSubscriber.create(10));
        out.assertFailedWith(io.grpc.StatusRuntimeException.class);
        assertEquals(List.of(TEXT, DONE), out.getItems(), "the answer whole, its state with it; nothing after");
        assertEquals(Status.Code.UNAVAILABLE, Status.fromThrowable(out.getFailure()).getCode());
    }
}
