package dev.parley.dialogue.session;

import com.google.protobuf.ByteString;
import dev.parley.contracts.dialogue.v1.Action;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.dialogue.v1.EndCall;
import dev.parley.contracts.dialogue.v1.ExpectedReply;
import dev.parley.contracts.dialogue.v1.Transfer;
import dev.parley.contracts.dialogue.v1.TurnDone;
import dev.parley.dialogue.brain.BrainOutput;

import java.util.List;
import java.util.function.Supplier;

/** Maps brain output to wire messages. */
final class Responses {

    private Responses() {
    }

    /**
     * @param state the call's state, taken (only) for a {@code done}: every TurnDone carries it
     * @param redactValues what the call recognized that its tenant redacts, taken (only) for a {@code done}
     */
    static DialogueResponse of(long turnId, BrainOutput output, Supplier<ByteString> state,
                               Supplier<List<String>> redactValues) {
        DialogueResponse.Builder b = DialogueResponse.newBuilder().setTurnId(turnId);
        if (output instanceof BrainOutput.Text) {
            return b.setTextDelta(((BrainOutput.Text) output).delta()).build();
        }
        if (output instanceof BrainOutput.Transfer) {
            BrainOutput.Transfer t = (BrainOutput.Transfer) output;
            return b.setAction(Action.newBuilder().setTransfer(
                    Transfer.newBuilder().setTarget(t.target()).setReason(t.reason()))).build();
        }
        if (output instanceof BrainOutput.EndCall) {
            return b.setAction(Action.newBuilder().setEndCall(
                    EndCall.newBuilder().setReason(((BrainOutput.EndCall) output).reason()))).build();
        }
        BrainOutput.Done done = (BrainOutput.Done) output;
        ExpectedReply.Builder expect = ExpectedReply.newBuilder();
        done.expectedDigits().stream().sorted().forEach(expect::addDigitCounts);
        return b.setDone(TurnDone.newBuilder().setBrain(done.brain()).setExpect(expect).setState(state.get())
                .addAllRedactValues(redactValues.get())).build();
    }
}
