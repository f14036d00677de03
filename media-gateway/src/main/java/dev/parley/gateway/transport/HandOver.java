package dev.parley.gateway.transport;

import java.util.concurrent.CompletionStage;

/**
 * A warm transfer as the session takes part in it ({@link CallTransport#transferWarm}): the line dials the person
 * while the caller waits with the agent, plays them the brief the session synthesized, then joins the two. The line
 * calls these on the call's context, each at most once: {@link #bridged} then {@link #ended}, or {@link #failed}.
 */
public interface HandOver {

    /**
     * μ-law 8 kHz audio the person hears once they answer, before the caller is put through. Asked for as the dial
     * starts: that starts its synthesis, which then runs while the person's phone rings.
     */
    CompletionStage<byte[]> brief();

    /** The caller and the person are joined: the agent leaves the call (no more turns, no barge-in). */
    void bridged();

    /** The bridged call ended, either side having hung up: its end is the call's end. */
    void ended();

    /** The person was not reached ({@code outcome}: busy, no-answer, failed): the caller is back with the agent. */
    void failed(String outcome);
}
