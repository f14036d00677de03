package dev.parley.gateway.session;

import dev.parley.gateway.failover.HeldPrompts;
import dev.parley.gateway.transport.HandOver;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The session's side of a warm transfer: what the agent tells the person before the caller is put through (the
 * brief, from what the gateway knows without asking the brain: the transfer's reason, the caller's number and their
 * last words), and what it tells the caller if the person is not reached. Both lines are synthesized when the line
 * first asks for the brief, as it starts dialling: not for a line that transfers cold, and neither waits for TTS
 * once the person answers or the dial fails.
 */
final class WarmHandOver implements HandOver {
    private static final Logger LOG = Logger.getLogger(WarmHandOver.class);
    static final String NOT_REACHED = "I'm sorry, I couldn't reach anyone to take your call right now. "
            + "I'm still here with you. How else can I help?";

    /** What the session does as the transfer goes; all on the call's context. */
    interface Session {
        void bridged();

        void bridgeEnded();

        /** The person was not reached ({@code outcome}) for the transfer turn {@code turnId} asked for. */
        void takeBack(long turnId, String target, String outcome, CompletionStage<byte[]> sorry);
    }

    private final Session session;
    private final CallContext context;
    private final HeldPrompts prompts;
    private final CallInfo info;
    private final long turnId;
    private final String target;
    private final String briefText;
    private CompletableFuture<byte[]> brief;
    private CompletableFuture<byte[]> sorry;

    WarmHandOver(Session session, CallContext context, HeldPrompts prompts, CallInfo info, long turnId,
                 String target, String reason, List<String> heard) {
        this.session = session;
        this.context = context;
        this.prompts = prompts;
        this.info = info;
        this.turnId = turnId;
        this.target = target;
        this.briefText = brief(info.from(), reason, heard);
    }

    /** Starts both syntheses, once; on the call's context. */
    private void synthesize() {
        if (brief != null) {
            return;
        }
        brief = prompts.speak(info.tenantId(), info.callId(), info.voice(), briefText);
        sorry = prompts.speak(info.tenantId(), info.callId(), info.voice(), NOT_REACHED);
        brief.exceptionally(e -> {
            LOG.warnf("%s: the warm transfer's brief was not synthesized: %s", info.logTag(), e.toString());
            return null;
        });
    }

    /** The brief: short, the caller's number digit by digit (as TTS reads a number otherwise), their last turns. */
    static String brief(String from, String reason, List<String> heard) {
        StringBuilder text = new StringBuilder("Hello, this is the virtual assistant with a caller for you.");
        String digits = from == null ? "" : from.replaceAll("[^0-9]", "");
        if (!digits.isEmpty()) {
            text.append(" They are calling from ").append(String.join(" ", digits.split(""))).append('.');
        }
        if (reason != null && !reason.isBlank()) {
            text.append(" Reason for the transfer: ").append(reason.strip()).append('.');
        }
        if (!heard.isEmpty()) {
            text.append(" Their last words were: ").append(String.join(" ", heard).strip()).append('.');
        }
        return text.append(" Putting them through now.").toString();
    }

    @Override
    public CompletionStage<byte[]> brief() {
        synthesize();
        return brief;
    }

    @Override
    public void bridged() {
        context.execute(session::bridged);
    }

    @Override
    public void ended() {
        context.execute(session::bridgeEnded);
    }

    @Override
    public void failed(String outcome) {
        synthesize();
        context.execute(() -> session.takeBack(turnId, target, outcome, sorry));
    }
}
