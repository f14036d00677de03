package dev.parley.dialogue.brain;

import io.smallrye.mutiny.Multi;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The agent's first line when whoever placed the call chose it: an outbound call's {@code openingLine} reaches the
 * brain as the CallStart parameter {@value #KEY} (set by media-gateway; callers' own parameters may not use the
 * reserved {@value #RESERVED_PREFIX} prefix), and every brain greets with it instead of the tenant's greeting. It is
 * turn 0 like the greeting, so history, the flow's state and what the LLM reads afterwards are the same either way.
 *
 * <p>An outbound call that reached a voicemail box carries {@value #VOICEMAIL_KEY} instead: media-gateway starts the
 * session once the greeting and its beep are over, and turn 0 is that message followed by an end-call action, so the
 * message is recorded, billed and traced like any call and the gateway hangs up once it has been played.
 */
public final class OpeningLine {
    /** CallStart parameter keys the platform sets, not a tenant's. */
    public static final String RESERVED_PREFIX = "parley.";
    public static final String KEY = RESERVED_PREFIX + "opening_line";
    /** The message to leave on an answering machine (media-gateway's tenant.yaml sip.outbound.amd.voicemail). */
    public static final String VOICEMAIL_KEY = RESERVED_PREFIX + "voicemail";
    /** The end-call reason after a voicemail message, in the call's events. */
    public static final String VOICEMAIL_LEFT = "voicemail-left";
    /** As media-gateway bounds it: about a minute of speech. */
    static final int MAX_VOICEMAIL_LENGTH = 1000;
    /** As media-gateway bounds it: two or three sentences. */
    static final int MAX_LENGTH = 500;

    private static final Logger LOG = Logger.getLogger(OpeningLine.class);

    private OpeningLine() {
    }

    /**
     * The call's opening line, else {@code greeting}. A line the gateway would not have sent (blank, too long, with
     * control characters) is ignored with a warning: the callee still hears the tenant's greeting, not silence.
     */
    public static String or(Conversation conversation, String greeting) {
        String line = conversation.parameters().get(KEY);
        if (line == null) {
            return greeting;
        }
        if (line.isBlank() || line.length() > MAX_LENGTH || line.chars().anyMatch(Character::isISOControl)) {
            LOG.warnf("tenant=%s call=%s: ignoring an opening line of %d characters (blank, over %d, or with control "
                    + "characters): greeting instead", conversation.tenantId(), conversation.callId(), line.length(),
                    MAX_LENGTH);
            return greeting;
        }
        return line.strip();
    }

    /**
     * Turn 0 of a call that reached a voicemail box: the message, then hang up; empty when the call carries none or
     * one the gateway would not have sent (then the brain greets as usual: better a greeting on the tape than
     * nothing).
     */
    public static Optional<Multi<BrainOutput>> voicemail(Conversation conversation) {
        String message = conversation.parameters().get(VOICEMAIL_KEY);
        if (message == null) {
            return Optional.empty();
        }
        if (message.isBlank() || message.length() > MAX_VOICEMAIL_LENGTH
                || message.chars().anyMatch(Character::isISOControl)) {
            LOG.warnf("tenant=%s call=%s: ignoring a voicemail message of %d characters (blank, over %d, or with "
                    + "control characters): greeting instead", conversation.tenantId(), conversation.callId(),
                    message.length(), MAX_VOICEMAIL_LENGTH);
            return Optional.empty();
        }
        String text = message.strip();
        return Optional.of(Multi.createFrom().deferred(() -> {
            conversation.addAgentTurn(0, text);
            List<BrainOutput> out = new ArrayList<>();
            for (String s : Sentences.split(text)) {
                out.add(new BrainOutput.Text(s));
            }
            out.add(new BrainOutput.EndCall(VOICEMAIL_LEFT));
            out.add(new BrainOutput.Done("voicemail"));
            return Multi.createFrom().iterable(out);
        }));
    }
}
