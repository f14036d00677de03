package dev.parley.dialogue.session;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.parley.contracts.dialogue.v1.CallStart;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.HistoryEntry;
import dev.parley.dialogue.resume.InvalidStateException;
import dev.parley.dialogue.resume.StateCodec;
import io.grpc.Status;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * A call moving between instances (dialogue.proto): the state attached to every TurnDone, and a stream that goes on
 * with a call from such a state ({@code CallStart.resume_state}) instead of starting one. The gateway re-sends what it
 * sent after the TurnDone the state came with; a turn the state already holds the answer to is answered again, that
 * answer replacing the old one in the history (tools that act are not run again: {@code tools/ToolLedger}).
 */
final class Failover {

    private static final Logger LOG = Logger.getLogger(Failover.class);

    /** The newest turn the restored state holds; a turn re-sent with an id up to it is answered again. */
    private final long resumedThrough;

    private Failover(long resumedThrough) {
        this.resumedThrough = resumedThrough;
    }

    /** A call that is not resumed: nothing was answered before this stream. */
    static Failover none() {
        return new Failover(-1);
    }

    /** The call's state after a turn, for its TurnDone; empty (logged) if it could not be written (not expected). */
    static ByteString state(Conversation conversation) {
        try {
            return UnsafeByteOperations.unsafeWrap(StateCodec.encode(conversation));
        } catch (RuntimeException e) {
            LOG.errorf(e, "tenant=%s call=%s: cannot write the call's state", conversation.tenantId(),
                    conversation.callId());
            return ByteString.EMPTY;
        }
    }

    /**
     * The call {@code start.resume_state} continues, counted and logged.
     *
     * @throws Refused with INVALID_ARGUMENT if the state does not parse or is another tenant's or call's
     */
    static Resumed resume(CallStart start, String tenantId, DialogueMetrics metrics) throws Refused {
        Conversation conversation;
        byte[] state = start.getResumeState().toByteArray();
        try {
            conversation = StateCodec.decode(state, tenantId, start.getCallId());
        } catch (InvalidStateException e) {
            metrics.resumeRefused(tenantId);
            throw new Refused(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
        }
        List<HistoryEntry> history = conversation.history();
        long through = history.stream().mapToLong(HistoryEntry::turnId).max().orElse(-1);
        metrics.callResumed(tenantId);
        LOG.infof("tenant=%s call=%s resumed from its state after turn %d (%d history entries, %.1f KB): no greeting",
                tenantId, conversation.callId(), through, history.size(), state.length / 1024.0);
        return new Resumed(conversation, new Failover(through));
    }

    /** Before answering {@code turnId}: a turn re-sent after the move gets a new answer instead of a second one. */
    void answering(Conversation conversation, long turnId) {
        if (turnId <= resumedThrough) {
            conversation.forgetAnswer(turnId);
        }
    }

    record Resumed(Conversation conversation, Failover failover) {
    }

    /** A resume state the stream is refused for. */
    static final class Refused extends Exception {
        private final Status status;

        Refused(Status status) {
            super(status.getDescription(), null, false, false);
            this.status = status;
        }

        Status status() {
            return status;
        }
    }
}
